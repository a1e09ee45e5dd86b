using Microsoft.Extensions.Options;
using WaQup.Grains.Admission;
using WaQup.Providers.Audio;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Admission;

/// <summary>When a silo takes a new ritual, and what it says when it will not.</summary>
public sealed class RitualAdmissionSpecs
{
    private readonly FakeSiloLoad _load = new();

    private static AdmissionOptions Limits(int rituals = 3, int saves = 2) => new()
    {
        RitualsPerProcessor = (double)rituals / Environment.ProcessorCount,
        PendingSavesPerProcessor = (double)saves / Environment.ProcessorCount,
        MaxEncoderBacklogMs = 10_000,
        MaxSchedulerLagMs = 300,
        RetryAfterMs = 2_000,
    };

    private RitualAdmission Admission(AdmissionOptions? limits = null) => new(_load, Options.Create(limits ?? Limits()));

    [Fact]
    public void Rituals_are_taken_up_to_the_limit_and_a_finished_one_makes_room()
    {
        var admission = Admission();
        var slots = Enumerable.Range(0, 3).Select(_ => Admit(admission)).ToList();

        Assert.False(admission.TryAdmit(out var none, out var refusal));
        Assert.Null(none);
        Assert.Equal("rituals being made", refusal!.Reason);
        Assert.InRange(refusal.RetryAfter.TotalMilliseconds, 2_000, 30_000);

        slots[0].Dispose();
        Assert.True(admission.TryAdmit(out var again, out _));
        Assert.NotNull(again);
        Assert.Equal(3, admission.Making);
    }

    [Fact]
    public void A_slot_whose_audio_ended_counts_as_saving_and_frees_its_making_place()
    {
        var admission = Admission();
        var slot = Admit(admission);
        slot.AudioEnded();
        slot.AudioEnded();

        Assert.Equal(0, admission.Making);
        Assert.Equal(1, admission.Saving);
        slot.Dispose();
        slot.Dispose();
        Assert.Equal(0, admission.Saving);
        Assert.Equal(0, admission.Making);
    }

    [Fact]
    public void Too_many_rituals_waiting_to_be_saved_refuse_new_ones()
    {
        var admission = Admission(Limits(rituals: 10, saves: 2));
        for (var i = 0; i < 2; i++)
        {
            Admit(admission).AudioEnded();
        }

        Assert.False(admission.TryAdmit(out _, out var refusal));
        Assert.Equal("rituals waiting to be saved", refusal!.Reason);
    }

    [Fact]
    public void An_encoder_backlog_over_its_limit_refuses_and_the_wait_grows_with_it()
    {
        var admission = Admission();
        _load.EncoderBacklogFrames = 10_000 / AudioFormat.FrameMs;
        Assert.True(admission.TryAdmit(out var slot, out _));
        slot!.Dispose();

        _load.EncoderBacklogFrames = 10_000 / AudioFormat.FrameMs + 1;
        Assert.False(admission.TryAdmit(out _, out var justOver));
        Assert.Equal("audio waiting for the encoder", justOver!.Reason);

        _load.EncoderBacklogFrames = 80_000 / AudioFormat.FrameMs;
        Assert.False(admission.TryAdmit(out _, out var farOver));
        Assert.True(farOver!.RetryAfter > justOver.RetryAfter, $"{farOver.RetryAfter} is not longer than {justOver.RetryAfter}");
        Assert.True(farOver.RetryAfter <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_silo_whose_threads_run_late_refuses()
    {
        var admission = Admission();
        _load.SchedulerLagMs = 301;

        Assert.False(admission.TryAdmit(out _, out var refusal));
        Assert.Equal("the silo is short of CPU", refusal!.Reason);
        Assert.Equal(0, admission.Making);
    }

    [Fact]
    public void Switched_off_it_takes_every_ritual()
    {
        var limits = Limits(rituals: 1);
        limits.Enabled = false;
        var admission = Admission(limits);
        _load.SchedulerLagMs = 10_000;
        _load.EncoderBacklogFrames = 1_000_000;

        for (var i = 0; i < 20; i++)
        {
            Admit(admission);
        }

        Assert.Equal(20, admission.Making);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Requests_racing_for_the_last_places_never_hold_more_than_the_limit()
    {
        var admission = Admission(Limits(rituals: 3));
        var held = 0;
        var mostHeld = 0;
        using var start = new Barrier(4);
        var taken = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            var admitted = 0;
            for (var i = 0; i < 2_000; i++)
            {
                if (admission.TryAdmit(out var slot, out _))
                {
                    admitted++;
                    var now = Interlocked.Increment(ref held);
                    InterlockedMax(ref mostHeld, now);
                    Interlocked.Decrement(ref held);
                    slot!.Dispose();
                }
            }

            return admitted;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.True(taken.Sum() > 0);
        Assert.InRange(mostHeld, 1, 3);
        Assert.Equal(0, admission.Making);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var actual && actual != seen)
        {
            seen = actual;
        }
    }

    private static RitualSlot Admit(RitualAdmission admission)
    {
        Assert.True(admission.TryAdmit(out var slot, out var refusal), refusal?.Reason);
        return slot!;
    }
}
