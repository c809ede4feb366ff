using System.Text;

namespace QueryDoctor.Cli.Rendering;

/// <summary>
/// Opens where a report goes: standard output, or a file given by <c>--output</c>. A file is written
/// to a temporary name first and moved into place, so a failed run never leaves half a report; a device
/// (<c>/dev/null</c>) or a symbolic link is written in place, never replaced.
/// </summary>
internal static class ReportOutput
{
    public static void Write(CliConsole console, string? path, Action<TextWriter, bool> render)
    {
        if (path is null)
        {
            render(console.Out, console.OutIsTerminal);
            console.Out.Flush();
            return;
        }

        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new UsageException($"cannot write '{path}': folder '{directory}' does not exist");
        }

        if (Directory.Exists(full))
        {
            throw new UsageException($"cannot write '{path}': it is a folder");
        }

        if (IsSpecial(full))
        {
            // A device, or a link to somewhere else (/dev/null, /dev/stdout, a named pipe's link): moving a temporary
            // file over it would replace it, so write to it in place.
            try
            {
                using var direct = new StreamWriter(new FileStream(full, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false));
                render(direct, false);
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write '{path}': {exception.Message}");
            }
        }

        var temporary = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
            {
                render(writer, false);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new UsageException($"cannot write '{path}': {exception.Message}");
        }
    }

    /// <summary>Whether the path is an existing device file (under <c>/dev</c>) or a symbolic link: never replaced, written in place.</summary>
    private static bool IsSpecial(string full)
    {
        var file = new FileInfo(full);
        return file.Exists
            && (file.LinkTarget is not null || full.StartsWith("/dev/", StringComparison.Ordinal));
    }
}
