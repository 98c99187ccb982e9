namespace ModeHop.Report.Charts;

/// <summary>
/// Where a chart's plot sits in its viewBox, in px. <see cref="Standard"/> is the family chart's: every chart over
/// tokens uses it, so their x axes line up down the page.
/// </summary>
/// <param name="Top">Room above the plot (the family chart's hop triangles).</param>
internal readonly record struct ChartLayout(double Width, double Left, double Right, double Top, double PlotHeight)
{
    public static readonly ChartLayout Standard = new(760, 58, 18, 26, 220);

    public double PlotLeft => Left;
    public double PlotRight => Width - Right;
    public double PlotTop => Top;
    public double PlotBottom => Top + PlotHeight;

    /// <summary>The viewBox height of a chart with an x axis (ticks and title) under the plot and nothing else.</summary>
    public double HeightWithXAxis => PlotBottom + 44;

    public LinearScale X(double min, double max) => new(min, max, PlotLeft, PlotRight);

    public LinearScale Y(double min, double max) => new(min, max, PlotBottom, PlotTop);
}
