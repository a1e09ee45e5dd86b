using WaQup.Grains.Sessions.Dialogue;
using static WaQup.Abstractions.Protocol.SessionState;

namespace WaQup.Tests.Engine;

/// <summary>The state table of PROTOCOL.md.</summary>
public sealed class DialogueMachineTests
{
    [Theory]
    [InlineData(Greeting, true)]
    [InlineData(Listening, true)]
    [InlineData(Clarifying, true)]
    [InlineData(Confirming, true)]
    [InlineData(Reviewing, true)]
    [InlineData(Generating, false)]
    [InlineData(Speaking, false)]
    [InlineData(Ended, false)]
    public void Input_is_accepted_exactly_in_the_states_the_protocol_names(WaQup.Abstractions.Protocol.SessionState state, bool accepted) =>
        Assert.Equal(accepted, DialogueMachine.AcceptsInput(state));

    [Fact]
    public void A_ritual_reaches_reviewing_only_through_generating_and_speaking()
    {
        Assert.True(DialogueMachine.CanMove(Confirming, Generating));
        Assert.True(DialogueMachine.CanMove(Generating, Speaking));
        Assert.True(DialogueMachine.CanMove(Speaking, Reviewing));
        Assert.False(DialogueMachine.CanMove(Generating, Reviewing));
        Assert.False(DialogueMachine.CanMove(Confirming, Speaking));
        Assert.False(DialogueMachine.CanMove(Ended, Listening));
    }

    [Fact]
    public void Every_state_but_ended_can_end()
    {
        foreach (var state in Enum.GetValues<WaQup.Abstractions.Protocol.SessionState>().Where(s => s != Ended))
        {
            Assert.True(DialogueMachine.CanMove(state, Ended));
        }
    }
}
