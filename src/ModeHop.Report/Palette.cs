using System.Globalization;

namespace ModeHop.Report;

/// <summary>
/// Colours. Tasks get saturated, distinct hues; a control gets the hue of the task with the same rank,
/// mixed halfway to white, so a task and its twin read as a pair and the control recedes.
/// Mode colours (strip cells and hop markers) are kept apart from the task hues.
/// </summary>
internal static class Palette
{
    public const string General = "#2a9d8f", Parrot = "#e76f51", Mixed = "#d9d9d9";
    public const string Ink = "#222222", Muted = "#6b6b6b", Grid = "#ececec", Axis = "#9a9a9a";

    static readonly string[] Tasks = ["#2f5597", "#8e44ad", "#b8860b", "#c0392b", "#16697a", "#5d4037", "#d81b60", "#37474f"];

    public static string Task(int rank) => Tasks[rank % Tasks.Length];

    public static string Control(int rank) => Lighten(Task(rank), 0.5);

    /// <summary>One colour per series: the n-th task gets Task(n), the n-th control Control(n).</summary>
    public static IReadOnlyList<string> For(IReadOnlyList<ReportSeries> series)
    {
        var colours = new string[series.Count];
        int tasks = 0, controls = 0;
        for (int i = 0; i < series.Count; i++)
            colours[i] = series[i].Control ? Control(controls++) : Task(tasks++);
        return colours;
    }

    /// <summary>Moves each channel of #rrggbb the given fraction of the way to white.</summary>
    internal static string Lighten(string hex, double fraction)
    {
        int rgb = int.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        int Mix(int channel) => (int)Math.Round(channel + (255 - channel) * fraction);
        int r = Mix((rgb >> 16) & 0xFF), g = Mix((rgb >> 8) & 0xFF), b = Mix(rgb & 0xFF);
        return string.Create(CultureInfo.InvariantCulture, $"#{r:x2}{g:x2}{b:x2}");
    }
}
