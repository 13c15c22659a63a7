using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

// Shared by the benchmarks and tests/GridGov.Sdk.PostgreSql.Tests (which compiles this file by link).
namespace GridGov.Sdk.PostgreSql.TestServer;

/// <summary>
/// A throwaway PostgreSQL server for tests and benchmarks: <c>initdb</c> into a fresh temporary folder, then
/// <c>pg_ctl start</c> on a free loopback port with password (SCRAM) authentication; <see cref="Dispose"/>
/// stops it and deletes the folder. Uses Debian's <c>postgresql</c> package (binaries under
/// <c>/usr/lib/postgresql/*/bin</c>) or <c>GRIDGOV_PG_BIN</c>. PostgreSQL refuses to run as root, so as root
/// the server runs as the <c>postgres</c> user through <c>runuser</c>.
/// </summary>
/// <remarks>Not thread-safe; start it once per process (a test fixture, a benchmark's static).</remarks>
internal sealed class PostgreSqlTestServer : IDisposable
{
    private const string SuperUser = "postgres";
    private readonly string _runAs;
    private int _stopped;

    private PostgreSqlTestServer(string binDirectory, string folder, int port, string password, string runAs, string version)
    {
        BinDirectory = binDirectory;
        Folder = folder;
        Port = port;
        Password = password;
        _runAs = runAs;
        Version = version;
    }

    /// <summary>Gets the folder holding initdb, pg_ctl and postgres.</summary>
    public string BinDirectory { get; }

    /// <summary>Gets the temporary folder (data directory, socket, log).</summary>
    public string Folder { get; }

    /// <summary>Gets the loopback TCP port.</summary>
    public int Port { get; }

    /// <summary>Gets the superuser's password.</summary>
    public string Password { get; }

    /// <summary>Gets the server version, as <c>pg_ctl --version</c> prints it.</summary>
    public string Version { get; }

    /// <summary>Gets the server log file.</summary>
    public string LogFile => Path.Combine(Folder, "server.log");

    /// <summary>
    /// Initializes and starts a server. Throws with a message that says what is missing and how to install it;
    /// the callers let that fail the run (never skip).
    /// </summary>
    /// <param name="durable">False for tests: fsync, synchronous commit and full-page writes off (fast, nothing to keep).
    /// True for benchmarks: the defaults, so that a commit waits for the disk as in production.</param>
    /// <returns>The running server.</returns>
    public static PostgreSqlTestServer Start(bool durable)
    {
        var bin = FindBinDirectory();
        var root = Environment.IsPrivilegedProcess;
        var runAs = root ? SuperUser : string.Empty;
        if (root && !File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser") && !File.Exists("/usr/bin/runuser"))
        {
            throw new InvalidOperationException("The tests run as root, and PostgreSQL refuses to run as root, but runuser (util-linux) is missing to run it as the postgres user.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "gridgov-pg-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant());
        Directory.CreateDirectory(folder);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        var passwordFile = Path.Combine(folder, "password");
        File.WriteAllText(passwordFile, password + "\n");
        try
        {
            if (root)
            {
                Run("chown", ["-R", $"{SuperUser}:", folder], string.Empty, TimeSpan.FromSeconds(30), "give the server folder to the postgres user (does the user exist? the postgresql package creates it)");
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var version = Run(Path.Combine(bin, "pg_ctl"), ["--version"], runAs, TimeSpan.FromSeconds(30), "run pg_ctl").Trim();
            var data = Path.Combine(folder, "data");
            Run(
                Path.Combine(bin, "initdb"),
                ["-D", data, "-U", SuperUser, "--auth-local=trust", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C", "--no-sync"],
                runAs,
                TimeSpan.FromMinutes(2),
                "initialize a database cluster (initdb)");
            File.Delete(passwordFile);

            var settings = "-c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=64MB";
            if (!durable)
            {
                settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }

            Exception? last = null;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var port = FreePort();
                try
                {
                    Run(
                        Path.Combine(bin, "pg_ctl"),
                        ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o", $"-p {port} -k {folder} {settings}", "start"],
                        runAs,
                        TimeSpan.FromSeconds(90),
                        "start the server (pg_ctl start)");
                    var server = new PostgreSqlTestServer(bin, folder, port, password, runAs, version);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
                    return server;
                }
                catch (InvalidOperationException e)
                {
                    last = e;
                }
            }

            throw new InvalidOperationException($"The PostgreSQL test server did not start in three attempts. Server log ({Path.Combine(folder, "server.log")}):\n{Tail(Path.Combine(folder, "server.log"))}", last);
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    /// <summary>Returns a connection string for the superuser.</summary>
    /// <param name="database">The database; postgres by default.</param>
    /// <returns>The connection string.</returns>
    public string ConnectionString(string database = "postgres")
        => $"Host=127.0.0.1;Port={Port};Database={database};Username={SuperUser};Password={Password};Timeout=15;Command Timeout=60";

    /// <summary>Stops the server (immediate shutdown) and deletes its folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        try
        {
            Run(Path.Combine(BinDirectory, "pg_ctl"), ["-D", Path.Combine(Folder, "data"), "-m", "immediate", "-w", "-t", "30", "stop"], _runAs, TimeSpan.FromSeconds(60), "stop the server");
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder goes anyway.
        }

        TryDelete(Folder);
    }

    private static string FindBinDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("GRIDGOV_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return File.Exists(Path.Combine(fromEnvironment, "initdb"))
                ? fromEnvironment
                : throw new InvalidOperationException($"GRIDGOV_PG_BIN is '{fromEnvironment}', but there is no initdb in it.");
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")) && File.Exists(Path.Combine(d.Dir, "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var pgCtl = Path.Combine(dir, "pg_ctl");
            if (File.Exists(pgCtl))
            {
                var target = new FileInfo(pgCtl).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pgCtl;
                var real = Path.GetDirectoryName(target)!;
                if (File.Exists(Path.Combine(real, "initdb")))
                {
                    return real;
                }
            }
        }

        throw new InvalidOperationException(
            "The PostgreSQL tests start their own throwaway server, but initdb and pg_ctl were not found (looked in /usr/lib/postgresql/*/bin, on PATH, and GRIDGOV_PG_BIN). " +
            "Install Debian's PostgreSQL server: apt-get update && apt-get install -y postgresql (scripts/test.sh does this when run as root). These tests fail rather than skip without it.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Run(string file, string[] arguments, string runAs, TimeSpan timeout, string what)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAs.Length > 0 ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (runAs.Length > 0)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(runAs);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(file);
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not {what}: {start.FileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"Could not {what}: {Path.GetFileName(file)} took longer than {timeout.TotalSeconds:0} s.");
        }

        // pg_ctl start leaves the server running with its own output in the log file, so the pipes close.
        if (!Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(10)))
        {
            return string.Empty;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Could not {what}: {Path.GetFileName(file)} exited with {process.ExitCode}.\n{stdout.Result}\n{stderr.Result}");
        }

        return stdout.Result;
    }

    private static string Tail(string file)
    {
        try
        {
            return string.Join('\n', File.ReadLines(file).TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
