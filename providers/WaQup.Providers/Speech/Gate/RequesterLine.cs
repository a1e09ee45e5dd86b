namespace WaQup.Providers.Speech.Gate;

/// <summary>One requester's waiting requests, oldest first, and its place in the round-robin ring.</summary>
internal sealed class RequesterLine
{
    public RequesterLine(string requester)
    {
        Requester = requester;
        RingNode = new LinkedListNode<RequesterLine>(this);
    }

    public string Requester { get; }

    // Linked lists, so a request that gives up leaves the middle of its line, and an empty line the ring, at once.
    public LinkedList<SlotWaiter> Waiters { get; } = new();

    public LinkedListNode<RequesterLine> RingNode { get; }
}
