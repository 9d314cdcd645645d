using System.Globalization;

namespace Ash.Cli.LocalServer;

internal static class PidFile
{
    public static int? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : null;
    }

    public static void Write(string path, int pid) =>
        File.WriteAllText(path, pid.ToString(CultureInfo.InvariantCulture) + "\n");

    // Deletes the file if it still names pid, so a newer server's file survives.
    public static void DeleteIfOwnedBy(string path, int pid)
    {
        if (Read(path) == pid)
        {
            File.Delete(path);
        }
    }
}
