namespace ModeHop.Report.Charts;

/// <summary>Maps a data interval onto a pixel interval; an empty data interval maps to the pixel midpoint.</summary>
internal readonly record struct LinearScale(double DomainMin, double DomainMax, double RangeMin, double RangeMax)
{
    public double Map(double value) =>
        DomainMax == DomainMin
            ? (RangeMin + RangeMax) / 2
            : RangeMin + (value - DomainMin) / (DomainMax - DomainMin) * (RangeMax - RangeMin);
}
