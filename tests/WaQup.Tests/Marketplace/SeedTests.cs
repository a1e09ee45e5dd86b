using System.Net;
using WaQup.Seed;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Marketplace;

/// <summary><c>./waqup seed</c>: its command line, and a small seeding of a running system, found again by search.</summary>
public sealed class SeedTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData]
    [InlineData("--packs", "0")]
    [InlineData("--packs", "100001")]
    [InlineData("--packs", "ten")]
    [InlineData("--packs", "3", "--rituals-per-pack", "6")]
    [InlineData("--packs", "3", "--url", "ftp://example.org")]
    [InlineData("--packs", "3", "--run", "a b")]
    [InlineData("--packs", "3", "--colour", "blue")]
    [InlineData("--packs")]
    public void A_command_line_it_cannot_follow_is_refused(params string[] args)
    {
        Assert.Throws<UsageException>(() => SeedOptions.Parse(args));
    }

    [Theory]
    [InlineData(24, null, 1, 24)]
    [InlineData(1_000, null, 1, 300)]
    [InlineData(2_000, null, 1, 500)]
    [InlineData(10, 2, 3, 8)]
    public void There_are_enough_creators_for_each_to_pay_for_their_rituals(int packs, int? creators, int ritualsPerPack, int expected)
    {
        string[] args = ["--packs", $"{packs}", "--rituals-per-pack", $"{ritualsPerPack}", .. creators is { } c ? new[] { "--creators", $"{c}" } : []];

        Assert.Equal(expected, SeedOptions.Parse(args).Creators);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Seeding_publishes_its_packs_through_the_api_and_a_second_run_of_the_same_name_adds_none()
    {
        var run = $"t{Guid.NewGuid():N}"[..12];
        var options = SeedOptions.Parse(["--packs", "2", "--url", fixture.Server.BaseUri.ToString(), "--run", run, "--concurrency", "2"]);
        var output = new StringWriter();

        var first = await new Seeder(options, output).RunAsync(TestContext.Current.CancellationToken);
        var second = await new Seeder(options, output).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal((0, 0), (first, second));
        Assert.Contains("2 packs published, 2 rituals made, 0 packs failed", output.ToString());
        Assert.Contains("2 packs published, 0 rituals made, 0 packs failed", output.ToString());
        var market = new Market(fixture.Server);
        Assert.Equal(2L, await market.ScalarAsync<long>("SELECT count(*) FROM waqup_packs p JOIN waqup_creators c ON c.creator_id = p.creator_id WHERE c.user_id LIKE $1 AND p.status = 'published'", $"demo-{run}-creator-%"));
        var (status, found) = await market.SendAsync(Users.New(), HttpMethod.Get, $"/v1/catalog?q={Uri.EscapeDataString(DemoCatalogue.Title(0))}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(found!["items"]!.AsArray(), i => (string?)i!["title"] == DemoCatalogue.Title(0));
    }
}
