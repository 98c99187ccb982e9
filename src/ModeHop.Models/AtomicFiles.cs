namespace ModeHop.Models;

/// <summary>
/// Writes that a crash never leaves half done: a file or a directory is written under a temporary name beside its
/// final one and renamed into place, so a reader sees the old version or the new one, never a mix.
/// </summary>
public static class AtomicFiles
{
    /// <summary>The prefix of every temporary name (a directory listing can skip, or clean up, what a crash left).</summary>
    public const string TempPrefix = ".tmp-";

    /// <summary>Writes <paramref name="content"/> as UTF-8 (no BOM) to a temporary file, flushed to disk, then renames it to <paramref name="path"/>.</summary>
    public static void WriteText(string path, string content)
    {
        string temp = path + TempPrefix + Environment.ProcessId;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var bytes = new System.Text.UTF8Encoding(false).GetBytes(content);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A fresh, empty temporary directory beside <paramref name="final"/>, for <see cref="ReplaceDirectory"/>.</summary>
    public static string TempDirectoryFor(string final)
    {
        string full = Path.GetFullPath(final);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $"{TempPrefix}{Path.GetFileName(full)}-{Environment.ProcessId}");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        return temp;
    }

    /// <summary>
    /// Puts the finished directory <paramref name="temp"/> in place as <paramref name="final"/>: an older
    /// <paramref name="final"/> is moved aside first and deleted after, so the name always holds a whole directory.
    /// </summary>
    public static void ReplaceDirectory(string temp, string final)
    {
        if (Directory.Exists(final))
        {
            string old = $"{final}.old-{Environment.ProcessId}";
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            Directory.Move(final, old);
            Directory.Move(temp, final);
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.Move(temp, final);
        }
    }
}
