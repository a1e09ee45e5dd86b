namespace WaQup.Grains.Sessions.Dialogue;

/// <summary>When a move of the dialogue is written to the session's record.</summary>
public enum RecordWrite
{
    /// <summary>Nothing changed that needs writing.</summary>
    None,

    /// <summary>Written before the move returns.</summary>
    Awaited,

    /// <summary>
    /// Written at once, behind the announcement: on the way to a ritual's first audio frame, where recovery treats
    /// generating and speaking alike and a reservation whose record was not written expires by itself.
    /// </summary>
    Behind,

    /// <summary>A conversational turn: written within <see cref="Configuration.ConversationOptions.TurnWriteDelay"/>, with the turns taken meanwhile.</summary>
    Soon,
}
