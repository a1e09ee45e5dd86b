using WaQup.Load;

namespace WaQup.Tests.Load;

/// <summary>The load tester's command line: what it accepts, and the usage errors it gives.</summary>
public sealed class LoadOptionsTests
{
    [Fact]
    public void A_full_command_line_is_read_in_either_form()
    {
        var options = LoadOptions.Parse(["--url", "http://127.0.0.1:8080", "--sessions=300", "--duration", "60", "--json", "out.json", "--ramp-up", "15", "--think-ms=250", "--report", "r.html"]);

        Assert.Equal(new Uri("http://127.0.0.1:8080"), options.Url);
        Assert.Equal(300, options.Sessions);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Duration);
        Assert.Equal("out.json", options.JsonPath);
        Assert.Equal(TimeSpan.FromSeconds(15), options.RampUp);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Think);
        Assert.Equal("r.html", options.ReportPath);
    }

    [Fact]
    public void Optional_arguments_have_defaults()
    {
        var options = LoadOptions.Parse(["--url", "https://example.test", "--sessions", "2", "--duration", "1.5", "--json", "x.json"]);

        Assert.Equal(TimeSpan.Zero, options.RampUp);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Think);
        Assert.Null(options.ReportPath);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.Duration);
    }

    [Theory]
    [InlineData("--url is required", "--sessions", "1", "--duration", "1", "--json", "x.json")]
    [InlineData("--json is required", "--url", "http://h", "--sessions", "1", "--duration", "1")]
    [InlineData("unknown argument '--color'", "--url", "http://h", "--sessions", "1", "--duration", "1", "--json", "x", "--color", "red")]
    [InlineData("unknown argument 'extra'", "extra", "--url", "http://h", "--sessions", "1", "--duration", "1", "--json", "x")]
    [InlineData("--json needs a value", "--url", "http://h", "--sessions", "1", "--duration", "1", "--json")]
    [InlineData("--sessions must be a whole number", "--url", "http://h", "--sessions", "many", "--duration", "1", "--json", "x")]
    [InlineData("--sessions must be between", "--url", "http://h", "--sessions", "0", "--duration", "1", "--json", "x")]
    [InlineData("--duration must be between", "--url", "http://h", "--sessions", "1", "--duration", "-5", "--json", "x")]
    [InlineData("--duration must be a number", "--url", "http://h", "--sessions", "1", "--duration", "NaN", "--json", "x")]
    [InlineData("--think-ms must be between", "--url", "http://h", "--sessions", "1", "--duration", "1", "--json", "x", "--think-ms", "-1")]
    [InlineData("--url must be an absolute http or https URL", "--url", "ftp://h", "--sessions", "1", "--duration", "1", "--json", "x")]
    [InlineData("--url must be an absolute http or https URL", "--url", "localhost", "--sessions", "1", "--duration", "1", "--json", "x")]
    [InlineData("--sessions is given twice", "--url", "http://h", "--sessions", "1", "--sessions=2", "--duration", "1", "--json", "x")]
    public void A_wrong_command_line_is_a_usage_error_that_says_what_is_wrong(string expected, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => LoadOptions.Parse(args));
        Assert.StartsWith(expected, error.Message);
    }
}
