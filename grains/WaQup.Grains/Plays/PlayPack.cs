namespace WaQup.Grains.Plays;

/// <summary>The pack a listener plays a ritual through, and its creator: whom the play counts for and rewards.</summary>
public sealed record PlayPack(string PackId, string Title, string CreatorId, string CreatorUserId);
