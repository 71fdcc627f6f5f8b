using HaiLong.Faults;

var command = args.FirstOrDefault() ?? "help";
string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var appDll = Option("--app", "/tmp/hailong-faults-app/HaiLong.Api.dll");

Func<Task<Outcome>>? test = command switch
{
    "kill" => () => KillUnderLoad.RunAsync(appDll, kills: int.Parse(Option("--kills", "10")), workers: int.Parse(Option("--workers", "16"))),
    "pg-outage" => () => DatabaseOutage.RunAsync(appDll, outage: TimeSpan.FromSeconds(double.Parse(Option("--seconds", "10"))),
        workers: int.Parse(Option("--workers", "8"))),
    "hangfire-kill" => () => HangfireCrash.RunAsync(appDll, backlog: int.Parse(Option("--backlog", "40000"))),
    "two-instances" => () => TwoInstances.RunAsync(appDll, tokens: int.Parse(Option("--tokens", "2000")), workers: int.Parse(Option("--workers", "16"))),
    "flood" => () => Flood.RunAsync(appDll, seconds: double.Parse(Option("--seconds", "10")), others: int.Parse(Option("--others", "4"))),
    "sweep" => () => BadInputSweep.RunAsync(appDll, requests: int.Parse(Option("--requests", "50000")),
        seed: int.Parse(Option("--seed", Random.Shared.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)))),
    "patroni" => () => RunPatroniAsync(),
    _ => null,
};

async Task<Outcome> RunPatroniAsync()
{
    using var patroni = new PatroniCluster(Option("--patroni", "").Split(',', StringSplitOptions.RemoveEmptyEntries), Option("--data-root", ""));
    return await PatroniFailover.RunAsync(appDll, Option("--connection", ""), patroni, kills: int.Parse(Option("--kills", "10")),
        switchovers: int.Parse(Option("--switchovers", "5")), workers: int.Parse(Option("--workers", "8")), tokens: int.Parse(Option("--tokens", "300000")));
}

if (test is null)
{
    Console.WriteLine("""
        HaiLong fault tests (see BENCHMARKS.md, "Fault tests"); each prints one PASS:/FAIL: line and exits 0/1.
          kill           [--kills 10] [--workers 16]       kill -9 the app under submission load, restart it each time
          pg-outage      [--seconds 10] [--workers 8]      stop PostgreSQL under load, start it again
          hangfire-kill  [--backlog 40000]                 kill -9 the Hangfire server mid-rollup, restart it
          two-instances  [--tokens 2000] [--workers 16]    two API instances + two Hangfire servers, shared tokens
          flood          [--seconds 10] [--others 4]       one client floods, the others' throughput is measured
          sweep          [--requests 50000] [--seed N]     property-based bad-input sweep as every role (random seed, printed)
          patroni        [--kills 10] [--switchovers 5]    kill -9 / switch over the primary of a Patroni cluster under load;
                         [--workers 8] [--tokens 300000]   run it through bench/faults/patroni.sh, which starts the cluster
        Options: --app PATH   the published HaiLong.Api.dll (default /tmp/hailong-faults-app/HaiLong.Api.dll)
        """);
    return command == "help" ? 0 : 2;
}

Outcome outcome;
try
{
    outcome = await test();
}
catch (Exception e)
{
    outcome = new Outcome(false, $"{command} could not run: {e.GetType().Name}: {e.Message}");
}
Console.WriteLine(outcome.Pass ? $"PASS: {outcome.What}" : $"FAIL: {outcome.What}");
return outcome.Pass ? 0 : 1;
