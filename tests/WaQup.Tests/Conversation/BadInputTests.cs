using System.Net;
using System.Net.WebSockets;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Conversation;

/// <summary>Every kind of bad input gets an error event and leaves the session usable, unless it is about auth.</summary>
public sealed class BadInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WaQupServer Server => fixture.Server;

    public static TheoryData<string, string> Malformed => new()
    {
        { "this is not json", "bad_request" },
        { "[1, 2, 3]", "bad_request" },
        { "{\"no_type\": true}", "bad_request" },
        { "{\"type\": 42}", "bad_request" },
        { "{\"type\": \"user.dance\"}", "bad_request" },
        { "{\"type\": \"user.text\"}", "bad_request" },
        { "{\"type\": \"user.text\", \"text\": 5}", "bad_request" },
        { "{\"type\": \"user.text\", \"text\": \"   \"}", "bad_request" },
        { "{\"type\": \"ritual.request\", \"kind\": \"poem\", \"topic\": \"x\"}", "bad_request" },
        { "{\"type\": \"ritual.request\", \"kind\": \"meditation\"}", "bad_request" },
        { "{\"type\": \"ritual.request\", \"kind\": \"meditation\", \"topic\": \"sleep\", \"duration_minutes\": 0}", "bad_request" },
        { "{\"type\": \"ritual.request\", \"kind\": \"meditation\", \"topic\": \"sleep\", \"duration_minutes\": 61}", "bad_request" },
        { "{\"type\": \"user.confirm\"}", "bad_request" },
        { "{\"type\": \"audio.ack\", \"seq\": -1}", "bad_request" },
        { "{\"type\": \"session.start\", \"session_id\": \"ses_x\"}", "invalid_state" },
        { "{\"type\": \"\\ud800\"}", "bad_request" },
        { "{\"type\": \"user.text\", \"text\": \"hi \\ud800\"}", "bad_request" },
        { "{\"type\": \"user.text\", \"text\": \"\\udfff\\ud800\"}", "bad_request" },
        { "{\"type\": \"ritual.request\", \"kind\": \"ritual\", \"topic\": \"\\ud800\"}", "bad_request" },
        { "{\"type\": \"ritual.request\", \"kind\": \"\\ud800\", \"topic\": \"sleep\"}", "bad_request" },
        { "{\"type\": \"ritual.request\", \"kind\": \"ritual\", \"topic\": \"sleep\", \"voice\": \"\\ud800\"}", "bad_request" },
        { "{\"type\": \"audio.ack\", \"s\\ud800\": 1}", "bad_request" },
        { "{\"\\ud800\": \"audio.ack\", \"seq\": 1}", "bad_request" },
    };

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(Malformed))]
    public async Task Malformed_events_get_an_error_and_the_session_stays_usable(string message, string code)
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        await client.SendTextAsync(message);
        var error = await Talk.ErrorAsync(client);
        Assert.Equal(code, (string?)error["code"]);
        Assert.False((bool)error["fatal"]!);
        await AssertStillUsableAsync(client);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Text_over_4000_characters_is_too_large_and_loses_nothing()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        await client.SendAsync(new { type = "user.text", text = new string('a', 4001) });
        Assert.Equal("message_too_large", (string?)(await Talk.ErrorAsync(client))["code"]);
        await AssertStillUsableAsync(client);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_frame_over_one_mebibyte_is_refused_and_the_session_stays_usable()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        await client.SendTextAsync("{\"type\":\"user.text\",\"text\":\"" + new string('b', 1024 * 1024) + "\"}");
        Assert.Equal("message_too_large", (string?)(await Talk.ErrorAsync(client))["code"]);
        await client.SendBinaryAsync(new byte[1024 * 1024 + 1]);
        Assert.Equal("message_too_large", (string?)(await Talk.ErrorAsync(client))["code"]);
        await AssertStillUsableAsync(client);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("{\"type\": \"user.text\", \"text\": \"hi\"}")]
    [InlineData("{\"type\": \"ritual.request\", \"kind\": \"ritual\", \"topic\": \"mornings\"}")]
    [InlineData("{\"type\": \"user.confirm\", \"accept\": true}")]
    [InlineData("{\"type\": \"input_audio.commit\"}")]
    [InlineData("{\"type\": \"response.cancel\"}")]
    [InlineData("{\"type\": \"audio.ack\", \"seq\": 3}")]
    [InlineData("{\"type\": \"session.end\"}")]
    public async Task Every_event_before_session_start_is_out_of_order_and_the_connection_can_still_start(string message)
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await client.SendTextAsync(message);
        var error = await Talk.ErrorAsync(client);
        Assert.Equal("invalid_state", (string?)error["code"]);
        Assert.False((bool)error["fatal"]!);
        await Talk.StartAsync(client);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("{\"type\": \"session.start\", \"session_id\": \"ses_00000000000000000000000000000000\"}", "bad_request")]
    [InlineData("{\"type\": \"session.start\", \"resume_token\": \"abc\"}", "bad_request")]
    [InlineData("{\"type\": \"session.start\", \"audio_format\": \"mp3\"}", "bad_request")]
    [InlineData("{\"type\": \"session.start\", \"last_audio_seq\": \"ten\"}", "bad_request")]
    [InlineData("{\"type\": \"session.start\", \"session_id\": 12}", "bad_request")]
    [InlineData("{\"type\": \"session.start\", \"session_id\": \"\\ud800\", \"resume_token\": \"x\"}", "bad_request")]
    [InlineData("{\"type\": \"session.start\", \"resume_token\": \"\\udc00\"}", "bad_request")]
    [InlineData("{\"type\": \"session.start\", \"audio_format\": \"\\ud800\"}", "bad_request")]
    public async Task A_malformed_session_start_is_refused_and_a_good_one_still_works(string message, string code)
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await client.SendTextAsync(message);
        var error = await Talk.ErrorAsync(client);
        Assert.Equal(code, (string?)error["code"]);
        Assert.False((bool)error["fatal"]!);
        await Talk.StartAsync(client);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_text_frame_that_is_not_utf8_closes_with_1007_and_the_session_resumes()
    {
        var user = Users.New();
        await using var client = await Server.ConnectAsync(user);
        var ready = await Talk.StartAsync(client);
        await client.SendTextAsync(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' });
        await client.ReadToCloseAsync(Talk.Patience);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, client.CloseStatus);

        await using var again = await Server.ConnectAsync(user);
        await again.SendAsync(new { type = "session.start", session_id = (string?)ready["session_id"], resume_token = (string?)ready["resume_token"] });
        await again.WaitForAsync("session.ready", Talk.Patience);
        await AssertStillUsableAsync(again);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Resuming_an_unknown_or_malformed_session_id_fails_fatally()
    {
        await using var unknown = await Server.ConnectAsync(Users.New());
        await unknown.SendAsync(new { type = "session.start", session_id = "ses_0123456789abcdef0123456789abcdef", resume_token = "whatever" });
        var error = await Talk.ErrorAsync(unknown);
        Assert.Equal("resume_failed", (string?)error["code"]);
        Assert.True((bool)error["fatal"]!);
        Assert.Empty(await unknown.ReadToCloseAsync(Talk.Patience));

        await using var malformed = await Server.ConnectAsync(Users.New());
        await malformed.SendAsync(new { type = "session.start", session_id = "../../etc", resume_token = "whatever" });
        Assert.Equal("resume_failed", (string?)(await Talk.ErrorAsync(malformed))["code"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Events_before_session_start_are_out_of_order()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await client.SendAsync(new { type = "user.text", text = "hello" });
        Assert.Equal("invalid_state", (string?)(await Talk.ErrorAsync(client))["code"]);
        await client.SendBinaryAsync(new byte[320]);
        Assert.Equal("invalid_state", (string?)(await Talk.ErrorAsync(client))["code"]);
        await Talk.StartAsync(client);
        await client.SendAsync(new { type = "session.start" });
        Assert.Equal("invalid_state", (string?)(await Talk.ErrorAsync(client))["code"]);
        await AssertStillUsableAsync(client);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Requests_while_a_ritual_is_made_get_invalid_state_and_the_ritual_goes_on()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        await Talk.RequestAsync(client, "affirmation", "courage", 1);
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "speaking");
        await client.SendAsync(new { type = "user.text", text = "make me another one" });
        Assert.Equal("invalid_state", (string?)(await Talk.ErrorAsync(client))["code"]);
        await client.SendAsync(new { type = "ritual.request", kind = "meditation", topic = "sleep" });
        Assert.Equal("invalid_state", (string?)(await Talk.ErrorAsync(client))["code"]);
        await client.SendAsync(new { type = "user.confirm", accept = true });
        Assert.Equal("invalid_state", (string?)(await Talk.ErrorAsync(client))["code"]);
        await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Confirming_or_cancelling_with_nothing_to_confirm_or_cancel_is_out_of_order()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        await client.SendAsync(new { type = "user.confirm", accept = true });
        Assert.Equal("invalid_state", (string?)(await Talk.ErrorAsync(client))["code"]);
        // The greeting's frames are all sent but it is still being heard: the first cancel stops it (PROTOCOL.md v1.1),
        // and then there is nothing left to cancel.
        await client.SendAsync(new { type = "response.cancel" });
        await client.WaitForAsync("response.cancelled", Talk.Patience);
        await client.SendAsync(new { type = "response.cancel" });
        Assert.Equal("invalid_state", (string?)(await Talk.ErrorAsync(client))["code"]);
        await AssertStillUsableAsync(client);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_flood_of_events_is_rate_limited_without_ending_the_session()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        for (var i = 0; i < 80; i++)
        {
            await client.SendAsync(new { type = "response.cancel" });
        }

        await client.WaitForAsync("error", Talk.Patience, e => (string?)e["code"] == "rate_limited");
        // The limiter refills as time passes and says nothing when it has: the session is asked until it answers as
        // before the flood. A refused event takes no token, so asking does not keep it refused.
        await Until.TrueAsync(
            async () =>
            {
                if (client.Log.Any(r => r.Type == "state.changed" && (string?)r.Event!["state"] == "clarifying"))
                {
                    return true;
                }

                await client.SendAsync(new { type = "user.text", text = "I'd like an affirmation set" });
                return false;
            },
            Talk.Patience,
            "the session took an event again after the flood");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Acknowledging_every_frame_is_never_rate_limited()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        for (uint seq = 1; seq <= 200; seq++)
        {
            await client.SendAsync(new { type = "audio.ack", seq });
        }

        await AssertStillUsableAsync(client);
        Assert.DoesNotContain(client.Log, r => r.Type == "error");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_insufficient_balance_is_refused_with_an_error_and_nothing_is_reserved()
    {
        var user = Users.New();
        await using var client = await Server.ConnectAsync(user);
        await Talk.StartAsync(client);
        await Talk.RequestAsync(client, "meditation", "deep rest", 60);
        var error = await Talk.ErrorAsync(client);
        Assert.Equal("insufficient_credits", (string?)error["code"]);
        Assert.False((bool)error["fatal"]!);
        var me = await Server.GetJsonAsync<System.Text.Json.Nodes.JsonObject>(user, "/v1/me");
        Assert.Equal(10, (int)me["credits"]!["balance"]!);
        Assert.Equal(0, (int)me["credits"]!["reserved"]!);

        // What was asked is remembered: a shorter length brings a new quote.
        await client.SendAsync(new { type = "user.text", text = "make it five minutes then" });
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "confirming");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_upgrade_needs_a_valid_token()
    {
        using var http = Server.HttpFor(null);
        var ws = new Uri($"ws://{Server.BaseUri.Authority}/v1/conversation");

        using var anonymous = new ClientWebSocket();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(ws, CancellationToken.None));
        Assert.Contains("401", refused.Message);

        using var forged = new ClientWebSocket();
        forged.Options.SetRequestHeader("Authorization", "Bearer not.a.token");
        await Assert.ThrowsAsync<WebSocketException>(() => forged.ConnectAsync(ws, CancellationToken.None));

        using var browser = new ClientWebSocket();
        await browser.ConnectAsync(new Uri($"{ws}?access_token={Server.TokenFor(Users.New())}"), CancellationToken.None);
        Assert.Equal(WebSocketState.Open, browser.State);

        var plain = await http.GetAsync("/v1/conversation");
        Assert.Equal(HttpStatusCode.Unauthorized, plain.StatusCode);
    }

    private static async Task AssertStillUsableAsync(ConversationClient client)
    {
        await client.SendAsync(new { type = "user.text", text = "I'd like an affirmation set" });
        await client.WaitForAsync("state.changed", Talk.Patience, e => (string?)e["state"] == "clarifying");
    }
}
