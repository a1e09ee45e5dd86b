export function DiscoverPage() {
  return (
    <section className="page coming" aria-labelledby="discover-title">
      <h1 id="discover-title">Discover</h1>
      <div className="card">
        <p className="coming-mark" aria-hidden="true">◌</p>
        <h2>Coming soon</h2>
        <p>
          Discover will gather packs of affirmations and meditations made by creators, to search, try and keep. It is not
          open yet: it arrives with the marketplace in a coming update.
        </p>
      </div>
    </section>
  );
}
