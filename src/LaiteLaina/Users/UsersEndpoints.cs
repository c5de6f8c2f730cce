using System.Security.Claims;

namespace LaiteLaina.Users;

public sealed record UserBody(string? Name, string? DisplayName, string? Role, string? Language);

public sealed record RoleBody(string? Role);

/// <summary>A user with the password just generated for them, shown once.</summary>
public sealed record UserWithPassword(AppUser User, string Password);

/// <summary>A new API token with its secret, shown once.</summary>
public sealed record NewToken(ApiToken Token, string Secret);

/// <summary>/api/users: what the administrator's users page does, for scripts. New passwords are generated and shown once.</summary>
public static class UsersEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").RequireAccess(Access.Admin);
        users.MapGet("/", async (HttpContext http, UserService service, [AsParameters] PageQuery page, CancellationToken ct) =>
            ApiList.Page(http, page, await service.ListAsync(ct), "users.csv"));
        users.MapPost("/", async (UserBody body, UserService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var password = UserCommands.Generate();
            var added = await service.AddAsync(body.Name ?? "", body.DisplayName, body.Role ?? "", password, user.Actor(), mustChangePassword: true, language: body.Language, ct: ct);
            return WebApi.Created("/api/users", added.Name, new { user = added, password });
        });
        users.MapPost("/{name}/role", (string name, RoleBody body, UserService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.SetRoleAsync(name, body.Role ?? "", user.Actor(), ct));
        users.MapPost("/{name}/disable", (string name, UserService service, ClaimsPrincipal user, CancellationToken ct) => service.DisableAsync(name, user.Actor(), ct));
        users.MapPost("/{name}/enable", (string name, UserService service, ClaimsPrincipal user, CancellationToken ct) => service.EnableAsync(name, user.Actor(), ct));
        users.MapPost("/{name}/password", async (string name, UserService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var password = UserCommands.Generate();
            var changed = await service.SetPasswordAsync(name, password, user.Actor(), mustChange: true, ct);
            return new UserWithPassword(changed, password);
        });
        users.MapPost("/{name}/tokens", async (string name, UserService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (token, secret) = await service.CreateTokenAsync(name, null, user.Actor(), ct);
            return new NewToken(token, secret);
        });
        return users;
    }
}
