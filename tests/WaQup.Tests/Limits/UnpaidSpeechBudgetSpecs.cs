using Microsoft.Extensions.Time.Testing;
using WaQup.Grains.Users;

namespace WaQup.Tests.Limits;

/// <summary>The allowance of speech nobody pays for: a burst, then a steady refill.</summary>
public sealed class UnpaidSpeechBudgetSpecs
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void A_burst_is_given_at_once_and_no_more()
    {
        var budget = new UnpaidSpeechBudget(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), _clock);

        Assert.True(budget.TryTake(TimeSpan.FromSeconds(20)));
        Assert.True(budget.TryTake(TimeSpan.FromSeconds(10)));
        Assert.False(budget.TryTake(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_refusal_takes_nothing_and_the_allowance_refills_at_its_rate_up_to_the_burst()
    {
        var budget = new UnpaidSpeechBudget(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), _clock);
        Assert.True(budget.TryTake(TimeSpan.FromSeconds(25)));
        Assert.False(budget.TryTake(TimeSpan.FromSeconds(10)));
        Assert.True(budget.TryTake(TimeSpan.FromSeconds(5)));

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(budget.TryTake(TimeSpan.FromSeconds(6)));
        Assert.True(budget.TryTake(TimeSpan.FromSeconds(5)));

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.True(budget.TryTake(TimeSpan.FromSeconds(30)));
        Assert.False(budget.TryTake(TimeSpan.FromMilliseconds(1)));
    }
}
