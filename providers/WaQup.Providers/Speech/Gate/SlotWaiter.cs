namespace WaQup.Providers.Speech.Gate;

/// <summary>One request waiting in its requester's line; completed when a slot is handed to it, cancelled when it gives up.</summary>
/// <remarks>Continuations run asynchronously, so the synthesis that frees a slot never runs the next one on its own thread.</remarks>
internal sealed class SlotWaiter : TaskCompletionSource
{
    public SlotWaiter(FairSlots owner, RequesterLine line)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Owner = owner;
        Line = line;
        Node = new LinkedListNode<SlotWaiter>(this);
    }

    public FairSlots Owner { get; }

    public RequesterLine Line { get; }

    /// <summary>Its place in <see cref="RequesterLine.Waiters"/>; detached (no list) once it has a slot or has given up.</summary>
    public LinkedListNode<SlotWaiter> Node { get; }
}
