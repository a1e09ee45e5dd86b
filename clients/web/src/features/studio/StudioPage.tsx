export function StudioPage() {
  return (
    <section className="page coming" aria-labelledby="studio-title">
      <h1 id="studio-title">Studio</h1>
      <div className="card">
        <p className="coming-mark" aria-hidden="true">◌</p>
        <h2>Coming soon</h2>
        <p>
          The Studio is where creators will gather their rituals into packs and share them with others. It is not open
          yet: it arrives with the marketplace in a coming update.
        </p>
      </div>
    </section>
  );
}
