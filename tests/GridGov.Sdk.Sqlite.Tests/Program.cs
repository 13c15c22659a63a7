namespace GridGov.Sdk.Sqlite.Tests;

/// <summary>
/// The entry point of this test assembly when it is run as a program (<c>dotnet exec</c>), which only the
/// crash test does: <c>crash-child &lt;database&gt; &lt;seed&gt;</c> runs <see cref="CrashChild"/>. Under the
/// test host this is never called.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == CrashChild.Verb)
        {
            return CrashChild.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
        }

        Console.Error.WriteLine($"This is a test assembly. Run it with 'dotnet test'; as a program it only knows '{CrashChild.Verb} <database> <seed>'.");
        return 2;
    }
}
