using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace LaiteLaina.Hosting;

/// <summary>The SMTP server the office's e-mail goes through, from configuration (Smtp:Host, Smtp:Port, Smtp:Security,
/// Smtp:User, Smtp:Password, Smtp:From). Without Smtp:Host nothing is sent.</summary>
public sealed record SmtpSettings
{
    public string? Host { get; init; }
    public int Port { get; init; } = 25;

    /// <summary>none, starttls or ssl (implicit TLS, usually port 465).</summary>
    public string Security { get; init; } = "starttls";

    public string? User { get; init; }
    public string? Password { get; init; }

    /// <summary>"LaiteLaina &lt;laitelaina@kunta.fi&gt;": the address and the display name the reminders come from.</summary>
    public string? From { get; init; }

    public static readonly string[] SecurityValues = ["none", "starttls", "ssl"];

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>What is wrong with the settings, for the log: the setting, its value and what would be right; null when usable.</summary>
    public string? Problem()
    {
        if (!SecurityValues.Contains(Security.Trim().ToLowerInvariant()))
            return $"Smtp:Security '{Security}' is not valid: use one of {string.Join(", ", SecurityValues)}.";
        if (Port is < 1 or > 65535)
            return $"Smtp:Port '{Port}' is not valid: give a port number from 1 to 65535.";
        if (From is null || !MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
            return $"Smtp:From '{From}' is not valid: give an address, with a display name if wanted, as \"LaiteLaina <laitelaina@example.fi>\".";
        return null;
    }

    public MailboxAddress Sender => MailboxAddress.Parse(From!);

    internal SecureSocketOptions Socket => Security.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}

/// <summary>
/// Sends e-mail through the office's SMTP server with MailKit: one connection for a batch, so a morning's reminders
/// are one session. The seam to the outside world is the SMTP server itself; tests run a real one (aiosmtpd).
/// </summary>
public sealed class Mailer(IConfiguration configuration)
{
    public SmtpSettings Settings { get; } = configuration.GetSection("Smtp").Get<SmtpSettings>() ?? new SmtpSettings();

    /// <summary>Connects and signs in; an exception here means the server cannot be reached or refused us, and no message
    /// of the batch was sent.</summary>
    public async Task<MailSession> OpenAsync(CancellationToken ct)
    {
        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(Settings.Host!, Settings.Port, Settings.Socket, ct);
            if (!string.IsNullOrEmpty(Settings.User))
                await client.AuthenticateAsync(Settings.User, Settings.Password ?? "", ct);
            return new MailSession(client, Settings.Sender);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}

/// <summary>An open SMTP connection. A message the server refuses for its recipient (<see cref="SmtpCommandException"/>)
/// leaves the connection usable for the next one; anything else means the connection is gone.</summary>
public sealed class MailSession(SmtpClient client, MailboxAddress from) : IAsyncDisposable
{
    public async Task SendAsync(MailboxAddress to, string subject, string body, string language, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(to);
        message.Subject = subject;
        var text = new TextPart("plain") { Text = body };
        // Content-Language lets a mail client pick the spell checker and the voice of a screen reader.
        text.Headers.Add(HeaderId.ContentLanguage, language);
        message.Body = text;
        await client.SendAsync(message, ct);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected)
                await client.DisconnectAsync(quit: true);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or System.Net.Sockets.SocketException)
        {
            // The messages are sent; a QUIT that fails only ends a connection the server already dropped.
        }
        client.Dispose();
    }
}
