using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Tasks.Sources;

namespace HaiLong.Bench;

/// <summary>
/// The open-loop generator's default (`loadgen --generator sockets`): what wrk does, so that the generator takes ~0.1 ms of
/// CPU a request instead of HttpClient's 0.7–1.9 ms on the two cores it shares with the app. One <see cref="Socket"/> per
/// connection; each request's bytes (the POST with the headers HttpClient sent: Host, Content-Type, Content-Length)
/// built before the clock; a minimal HTTP/1.1 response reader (<see cref="Connection"/>). A due request goes to an idle
/// connection at once, from the schedule's thread; a connection that finishes takes the oldest request already due, or
/// waits idle: requests go out in due order on the first free connection, as from the channel of
/// <see cref="HttpClientLoad"/>. Nothing is allocated per request (the connection's loop, its buffer and the socket's
/// awaitables are reused).
/// </summary>
internal sealed class SocketLoad : IOpenLoopGenerator
{
    /// <summary>An unanswered request is given up after this (as HttpClient's timeout did): its socket is closed, -1.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly OpenLoop _run;
    private readonly byte[][] _requests;
    private readonly Connection[] _connections;
    private readonly Lock _gate = new();
    private readonly Stack<Connection> _idle = new();
    private int _released;
    private int _taken;

    public SocketLoad(Uri url, byte[][] bodies, OpenLoop run, int connections)
    {
        if (url.Scheme != Uri.UriSchemeHttp) throw new ArgumentException($"loadgen --generator sockets speaks plain HTTP/1.1 only, not {url}");
        _run = run;
        var head = $"POST /api/responses HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ";
        _requests = bodies.Select(b => Encoding.ASCII.GetBytes($"{head}{b.Length}\r\n\r\n").Concat(b).ToArray()).ToArray();
        var probe = Encoding.ASCII.GetBytes($"GET /health/live HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");
        _connections = Enumerable.Range(0, connections).Select(_ => new Connection(this, url.Host, url.Port, probe)).ToArray();
    }

    public async Task OpenAsync()
    {
        // The liveness probe touches no database; three rounds, as the HttpClient path, compile the exchange before the clock.
        for (var round = 0; round < 3; round++) await Task.WhenAll(_connections.Select(c => c.ProbeAsync()));
    }

    public async Task RunAsync()
    {
        var loops = _connections.Select(c => c.LoopAsync()).ToArray();
        await using var watchdog = new Timer(_ => GiveUpStalled(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _run.Start(Release);
        await Task.WhenAll(loops);
    }

    /// <summary>The schedule: requests up to <paramref name="due"/> are due; idle connections take them (their send runs here).</summary>
    private void Release(int due)
    {
        while (true)
        {
            Connection connection;
            int i;
            lock (_gate)
            {
                _released = due;
                if (_idle.Count == 0) return;
                if (_taken < _released) i = _taken++;
                else if (_taken == _run.Total) i = -1;
                else return;
                connection = _idle.Pop();
            }
            connection.Assign(i);
        }
    }

    /// <summary>A connection's next request: the oldest one due and not taken, at once, or later from <see cref="Release"/>; -1 when none is left.</summary>
    private ValueTask<int> NextAsync(Connection connection)
    {
        lock (_gate)
        {
            if (_taken < _released) return new(_taken++);
            if (_taken == _run.Total) return new(-1);
            _idle.Push(connection);
            return connection.Wait();
        }
    }

    private void GiveUpStalled()
    {
        var limit = Stopwatch.GetTimestamp() - (long)(Timeout.TotalSeconds * Stopwatch.Frequency);
        foreach (var c in _connections) c.AbortIfSentBefore(limit);
    }

    /// <summary>
    /// One keep-alive connection: sends a request, reads its response (status line, then Content-Length or chunked body;
    /// anything else — not HTTP/1.1, a head over the buffer, bytes after the response — stops the run with a message,
    /// since a count built on a misread answer would be wrong), then the next. A failed connection is the request's
    /// "no answer" (-1) and the next request opens a new one, as HttpClient's pool did.
    /// </summary>
    private sealed class Connection(SocketLoad load, string host, int port, byte[] probe) : IValueTaskSource<int>
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private ManualResetValueTaskSourceCore<int> _assigned;
        private Socket? _socket;
        private int _start;
        private int _end;
        private long _sentAt;

        public async Task ProbeAsync()
        {
            var status = await ExchangeAsync(probe);
            if (status != 200) throw new InvalidOperationException($"GET /health/live answered {status}");
        }

        public async Task LoopAsync()
        {
            while (await load.NextAsync(this) is var i and >= 0)
            {
                load._run.Taken(i);
                int status;
                try
                {
                    status = await ExchangeAsync(load._requests[i]);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or EndOfStreamException)
                {
                    _socket?.Dispose();
                    _socket = null;
                    Volatile.Write(ref _sentAt, 0);
                    status = -1;
                }
                load._run.Done(i, status);
            }
        }

        /// <summary>Parks this connection until <see cref="Assign"/> (called under the gate, before it is idle).</summary>
        public ValueTask<int> Wait()
        {
            _assigned.Reset();
            return new(this, _assigned.Version);
        }

        /// <summary>Hands a request (or -1: none left) to this idle connection; its send runs on the caller's thread.</summary>
        public void Assign(int i) => _assigned.SetResult(i);

        public void AbortIfSentBefore(long limit)
        {
            var sentAt = Volatile.Read(ref _sentAt);
            if (sentAt != 0 && sentAt < limit) _socket?.Dispose();
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<int> ExchangeAsync(byte[] request)
        {
            if (_socket is null)
            {
                _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await _socket.ConnectAsync(host, port);
            }
            Volatile.Write(ref _sentAt, Stopwatch.GetTimestamp());
            for (var sent = 0; sent < request.Length;) sent += await _socket.SendAsync(request.AsMemory(sent), SocketFlags.None);
            _start = _end = 0;
            int headEnd;
            while ((headEnd = _buffer.AsSpan(0, _end).IndexOf("\r\n\r\n"u8)) < 0) await ReceiveAsync();
            var head = HttpHead.Parse(_buffer.AsSpan(0, headEnd));
            _start = headEnd + 4;
            if (head.Chunked) await SkipChunksAsync();
            else await SkipAsync(head.ContentLength);
            if (_start != _end) throw HttpHead.Refused("bytes after the end of a response (no request was pipelined)");
            Volatile.Write(ref _sentAt, 0);
            if (head.Close)
            {
                _socket.Dispose();
                _socket = null;
            }
            return head.Status;
        }

        /// <summary>A chunked body: size lines in hex (extensions ignored), data, CRLF; the last chunk, then no trailers.</summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        private async ValueTask SkipChunksAsync()
        {
            while (true)
            {
                var size = HttpHead.ChunkSize((await LineAsync()).Span);
                if (size == 0) break;
                await SkipAsync(size);
                if ((await LineAsync()).Length != 0) throw HttpHead.Refused("a chunk longer than its size line");
            }
            if ((await LineAsync()).Length != 0) throw HttpHead.Refused("trailers after a chunked body");
        }

        /// <summary>The next line without its CRLF (valid until the next read), consumed.</summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<ReadOnlyMemory<byte>> LineAsync()
        {
            int length;
            while ((length = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0) await ReceiveAsync();
            var line = _buffer.AsMemory(_start, length);
            _start += length + 2;
            return line;
        }

        /// <summary>Consumes <paramref name="count"/> body bytes, reading them where the buffer holds fewer.</summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        private async ValueTask SkipAsync(long count)
        {
            while (true)
            {
                var take = (int)Math.Min(count, _end - _start);
                _start += take;
                count -= take;
                if (count == 0) return;
                _start = _end = 0;
                _end = await ReceiveSome(_buffer.AsMemory(0, (int)Math.Min(count, _buffer.Length)));
            }
        }

        /// <summary>More bytes after <c>_end</c>, the unread ones first moved to the buffer's start.</summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        private async ValueTask ReceiveAsync()
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) throw HttpHead.Refused($"a response head or chunk line over {_buffer.Length} bytes");
            _end += await ReceiveSome(_buffer.AsMemory(_end));
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<int> ReceiveSome(Memory<byte> into)
        {
            var n = await _socket!.ReceiveAsync(into, SocketFlags.None);
            return n > 0 ? n : throw new EndOfStreamException("the app closed the connection in the middle of a response");
        }

        int IValueTaskSource<int>.GetResult(short token) => _assigned.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _assigned.GetStatus(token);

        void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _assigned.OnCompleted(continuation, state, token, flags);
    }
}

/// <summary>The parts of an HTTP/1.1 response head the generator needs; anything it cannot count on is refused loudly.</summary>
internal readonly record struct HttpHead(int Status, long ContentLength, bool Chunked, bool Close)
{
    /// <summary>The head without its final blank line: status line, then header lines.</summary>
    public static HttpHead Parse(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1.1 "u8) || !TryDigits(statusLine[9..12], out var status))
        {
            throw Refused($"the status line '{Encoding.ASCII.GetString(statusLine)}' (HTTP/1.1 only)");
        }
        long? length = null;
        bool chunked = false, close = false;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon < 0) throw Refused($"the header line '{Encoding.ASCII.GetString(line)}'");
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                length = TryDigits(value, out var n) ? n : throw Refused($"Content-Length: {Encoding.ASCII.GetString(value)}");
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8)
                    ? true : throw Refused($"Transfer-Encoding: {Encoding.ASCII.GetString(value)} (chunked only)");
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8);
            }
        }
        // 1xx never comes (no Expect: 100-continue is sent); 204 and 304 have no body.
        if (chunked && length is not null) throw Refused("both Content-Length and Transfer-Encoding");
        if (!chunked && length is null && status is not (204 or 304)) throw Refused($"a {status} without Content-Length or chunked body");
        return new HttpHead((int)status, length ?? 0, chunked, close);
    }

    /// <summary>A chunk-size line: hex digits, then optionally ';' and extensions.</summary>
    public static long ChunkSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var hex = (semicolon < 0 ? line : line[..semicolon]).Trim((byte)' ');
        if (hex.IsEmpty || hex.Length > 15) throw Refused($"the chunk-size line '{Encoding.ASCII.GetString(line)}'");
        long size = 0;
        foreach (var b in hex)
        {
            var digit = HexConverter(b);
            if (digit < 0) throw Refused($"the chunk-size line '{Encoding.ASCII.GetString(line)}'");
            size = size * 16 + digit;
        }
        return size;
    }

    /// <summary>Why the generator stops: an answer it cannot read, so it could not count it honestly.</summary>
    public static InvalidDataException Refused(string what) => new($"loadgen --generator sockets cannot read {what}");

    private static int HexConverter(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static bool TryDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 18) return false;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }
}

