using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HaiLong.Faults;

/// <summary>One submission attempt as the load generator saw it; Status 0 is a transport failure (no HTTP answer).</summary>
public readonly record struct Attempt(double StartedAt, double Seconds, int Status, bool RetryAfter);

/// <summary>
/// Closed-loop submission load: each worker takes a fresh token and submits it, recording every answer and every 201 with its
/// response id. A token whose connection was refused never reached the app, so it goes back in the queue; any other failure
/// leaves the token's fate to the app (that is what the checks are for).
/// </summary>
public sealed class SubmissionLoad(HttpClient client, IEnumerable<FaultToken> tokens)
{
    private readonly ConcurrentQueue<FaultToken> _tokens = new(tokens);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];

    public Stopwatch Clock { get; } = Stopwatch.StartNew();
    public ConcurrentBag<(long InvitationId, long ResponseId)> Acknowledged { get; } = [];
    public ConcurrentBag<Attempt> Attempts { get; } = [];
    public bool RanOutOfTokens { get; private set; }

    public void Start(int workers)
    {
        for (var i = 0; i < workers; i++) _workers.Add(Task.Run(WorkAsync));
    }

    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_workers);
    }

    private async Task WorkAsync()
    {
        var n = 0;
        while (!_stop.IsCancellationRequested)
        {
            if (!_tokens.TryDequeue(out var token))
            {
                RanOutOfTokens = true;
                return;
            }
            var started = Clock.Elapsed.TotalSeconds;
            try
            {
                using var response = await Citizens.SubmitAsync(client, token.Token, 1 + n++ % 5);
                var id = await Citizens.ResponseIdAsync(response);
                if (id is { } responseId) Acknowledged.Add((token.InvitationId, responseId));
                Attempts.Add(new Attempt(started, Clock.Elapsed.TotalSeconds - started, (int)response.StatusCode, response.Headers.RetryAfter is not null));
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                _tokens.Enqueue(token);
                Attempts.Add(new Attempt(started, Clock.Elapsed.TotalSeconds - started, 0, false));
                await Task.Delay(50);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !_stop.IsCancellationRequested)
            {
                Attempts.Add(new Attempt(started, Clock.Elapsed.TotalSeconds - started, 0, false));
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public int Count(HttpStatusCode status) => Attempts.Count(a => a.Status == (int)status);
}
