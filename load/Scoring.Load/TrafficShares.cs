using System.Globalization;

namespace Scoring.Load;

/// <summary>The traffic mix in percent: anonymous views, identified views, identifies, form fills, demo requests.</summary>
public sealed record TrafficShares(int Anonymous, int Known, int Identify, int Form, int Demo)
{
    public static TrafficShares Default { get; } = new(55, 30, 8, 6, 1);

    /// <summary>Parses <c>anon=55,known=30,identify=8,form=6,demo=1</c>; parts left out are 0; the parts must sum to 100.</summary>
    public static TrafficShares Parse(string text)
    {
        var shares = new TrafficShares(0, 0, 0, 0, 0);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2 || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                throw new ArgumentException($"--mix part '{part}' is not name=percent");
            shares = pair[0] switch
            {
                "anon" => shares with { Anonymous = n },
                "known" => shares with { Known = n },
                "identify" => shares with { Identify = n },
                "form" => shares with { Form = n },
                "demo" => shares with { Demo = n },
                _ => throw new ArgumentException($"--mix knows anon, known, identify, form, demo; not '{pair[0]}'"),
            };
        }
        var sum = shares.Anonymous + shares.Known + shares.Identify + shares.Form + shares.Demo;
        return sum == 100 ? shares : throw new ArgumentException($"--mix percentages add up to {sum}, not 100");
    }

    public override string ToString() => $"anon={Anonymous},known={Known},identify={Identify},form={Form},demo={Demo}";
}
