namespace WaQup.Tests.Conversation;

/// <summary>What a <see cref="StampedListener"/> does to a ritual while its audio streams.</summary>
public enum Mischief
{
    /// <summary>Listens to the end, acknowledging as it goes.</summary>
    None,

    /// <summary>Acknowledges a thousand frames more than it has heard.</summary>
    AckBeyond,

    /// <summary>Sends <c>response.cancel</c>.</summary>
    Cancel,

    /// <summary>Drops the connection without a close and resumes on a new one.</summary>
    Resume,
}
