using System.Globalization;
using WaQup.Kubernetes.Tests.Infrastructure;

namespace WaQup.Kubernetes.Tests;

/// <summary>The ingress keeps a conversation's WebSocket open and lets ordinary request bodies through.</summary>
public sealed class IngressTests(RenderedOverlays overlays)
{
    private const string Prefix = "nginx.ingress.kubernetes.io/";

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Websockets_stay_open_for_at_least_an_hour(string overlay)
    {
        var annotations = overlays[overlay].Ingress.Metadata.Annotations;

        Assert.True(Seconds(annotations[Prefix + "proxy-read-timeout"]) >= 3600);
        Assert.True(Seconds(annotations[Prefix + "proxy-send-timeout"]) >= 3600);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Request_bodies_of_a_megabyte_are_accepted(string overlay)
    {
        var size = overlays[overlay].Ingress.Metadata.Annotations[Prefix + "proxy-body-size"];

        Assert.True(Bytes(size) >= 1024 * 1024, $"proxy-body-size {size} is under 1m.");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Ingress_is_served_by_nginx(string overlay)
    {
        Assert.Equal("nginx", overlays[overlay].Ingress.Spec.IngressClassName);
    }

    [Fact]
    public void Production_serves_its_host_over_tls()
    {
        var ingress = overlays["production"].Ingress;
        var tls = Assert.Single(ingress.Spec.Tls);

        Assert.All(ingress.Spec.Rules, rule => Assert.Contains(rule.Host, tls.Hosts));
    }

    /// <summary>nginx durations: a plain number is seconds; 1h, 60m and 3600s also parse.</summary>
    private static double Seconds(string value) => value[^1] switch
    {
        's' => double.Parse(value[..^1], CultureInfo.InvariantCulture),
        'm' => double.Parse(value[..^1], CultureInfo.InvariantCulture) * 60,
        'h' => double.Parse(value[..^1], CultureInfo.InvariantCulture) * 3600,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    /// <summary>nginx sizes: bytes, or k, m, g in either case; 0 means unlimited.</summary>
    private static double Bytes(string value)
    {
        var unit = char.ToLowerInvariant(value[^1]);
        var multiplier = unit switch { 'k' => 1024d, 'm' => 1024d * 1024, 'g' => 1024d * 1024 * 1024, _ => 1d };
        var number = double.Parse(char.IsDigit(unit) ? value : value[..^1], CultureInfo.InvariantCulture);
        return number == 0 ? double.PositiveInfinity : number * multiplier;
    }
}
