namespace WaQup.Abstractions.Marketplace;

/// <summary>How a pack grain answered a request.</summary>
public enum PackAnswer
{
    Done,

    /// <summary>No such pack, or not one the caller may see (a draft of someone else).</summary>
    NotFound,

    /// <summary>The caller may see the pack but not do this (not its creator, not a creator, not its owner, not their ritual).</summary>
    Forbidden,

    /// <summary>Not now, in this state (a pack that cannot be published as it is).</summary>
    Conflict,
}
