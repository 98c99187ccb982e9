namespace ModeHop.Cli.Bench;

/// <summary>Memory figures of this process, read from /proc on Linux.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in MiB, or the current working set where /proc is absent.</summary>
    public static double PeakRssMb()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:"))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) / 1024.0;
        return Environment.WorkingSet / (1024.0 * 1024.0);
    }
}
