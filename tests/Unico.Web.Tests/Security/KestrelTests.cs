using System.Net;
using System.Net.Sockets;
using System.Text;
using Unico.Web.Tests.Integration;

namespace Unico.Web.Tests.Security;

/// <summary>What only a real server shows: a lying Content-Length (issue 15, defect 6), the Server header, the bind address.</summary>
[Collection(AppTests.Name)]
public sealed class KestrelTests
{
    // Sends raw bytes, optionally closes the sending side, and returns the status line (bounded wait: the server must answer).
    private static async Task<string> RawAsync(int port, string request, bool closeSending)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        if (closeSending) socket.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) ?? "";
    }

    [Fact]
    public async Task A_body_cut_short_by_a_client_that_hangs_up_is_no_server_error()
    {
        await using var app = new KestrelApp();
        var request = $"POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1:{app.Port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"name\": \"x\"}}";

        // Kestrel takes a closed sending side for a closed connection: it answers 400 or drops it; never 500.
        string status;
        try
        {
            status = await RawAsync(app.Port, request, closeSending: true);
        }
        catch (IOException)
        {
            status = "connection dropped";
        }

        Assert.DoesNotContain(" 500", status, StringComparison.Ordinal);
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/runs", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_client_that_stops_sending_its_body_gets_408_not_500()
    {
        await using var app = new KestrelApp();
        var request = $"POST /api/workloads HTTP/1.1\r\nHost: 127.0.0.1:{app.Port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{";

        var status = await RawAsync(app.Port, request, closeSending: false);

        Assert.StartsWith("HTTP/1.1 408", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_does_not_name_itself()
    {
        await using var app = new KestrelApp();
        using var client = app.Client();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Listening_on_every_address_requires_sign_in_even_from_this_machine()
    {
        await using var app = new KestrelApp(IPAddress.Any);
        using var client = app.Client();
        using var api = await client.GetAsync(new Uri("/api/runs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.Unauthorized, health.StatusCode);
    }
}
