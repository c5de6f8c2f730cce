namespace LaiteLaina.Web;

/// <summary>
/// Turns a <see cref="UserError"/> into a ProblemDetails answer a person can read, in the request's language, with
/// the message id as "code" for scripts, and anything else into a plain 500 without a stack trace (the trace goes to
/// the log, where an administrator can find it).
/// </summary>
public static class UserErrorMiddleware
{
    public static IApplicationBuilder UseUserErrors(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (UserError e) when (!context.Response.HasStarted)
            {
                var extensions = new Dictionary<string, object?> { ["code"] = e.Code };
                if (e.Field is not null)
                    extensions["field"] = e.Field;
                // A volunteer's token reads refusals without borrowers' names, as the volunteer's pages do.
                await ProblemAsync(context, Status(e.Kind), Title(e.Kind), e.Text, extensions, context.User.SeesBorrowers());
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted && e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // A photo or a file over the limit of the page it was sent to: said in the person's words with the limit,
                // not in Kestrel's English, and on a page for a page (nothing was read, so nothing changed).
                var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? WebApi.MaxRequestBytes;
                var message = Msg.UploadTooLarge.With(limit / (1024 * 1024));
                if (WebApi.IsApi(context.Request))
                {
                    await ProblemAsync(context, e.StatusCode, Msg.ProblemInvalid, message);
                    return;
                }
                var culture = await WebUi.LanguageOfAsync(context);
                context.Response.StatusCode = e.StatusCode;
                context.Response.ContentType = "text/html; charset=utf-8";
                var encode = System.Text.Encodings.Web.HtmlEncoder.Default;
                await context.Response.WriteAsync($"""
                    <!DOCTYPE html><html lang="{culture.TwoLetterISOLanguageName}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>LaiteLaina</title><link rel="stylesheet" href="/static/site.css">
                    <main><p class="problem" role="alert" id="problem">{encode.Encode(message.Render(culture))}</p>
                    <p><a href="{encode.Encode(context.Request.PathBase + context.Request.Path)}">{encode.Encode(((Message)Msg.UploadBack).Render(culture))}</a></p></main></html>
                    """);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                // A body that is not JSON, or JSON without a required field: say which, as the JSON reader does.
                // A body over the limit is 413, as Kestrel says.
                var detail = e.InnerException is System.Text.Json.JsonException json ? json.Message : e.Message;
                await Results.Problem(detail: Message.Quote(detail, 500), statusCode: e.StatusCode,
                    title: ((Message)Msg.ProblemInvalid).Render(await WebUi.LanguageOfAsync(context))).ExecuteAsync(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("LaiteLaina.Web").LogError(e, "Request {Path} failed", context.Request.Path);
                if (!WebApi.IsApi(context.Request))
                {
                    // A person at a page gets a page, in plain words, with a way back; never a stack trace.
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.WriteAsync("""
                        <!DOCTYPE html><html lang="fi"><meta charset="utf-8"><title>LaiteLaina</title><link rel="stylesheet" href="/static/site.css">
                        <main><h1>Jokin meni vikaan · Något gick fel · Something went wrong</h1>
                        <p class="problem" role="alert">Palvelimella tapahtui virhe, ja se on kirjattu. Mitään ei muutettu. Yritä uudelleen, ja kerro ylläpitäjälle, jos sama toistuu.</p>
                        <p>Ett fel inträffade på servern och har loggats. Inget ändrades. / An error happened on the server and has been logged. Nothing was changed.</p>
                        <p><a href="/">LaiteLaina</a></p></main></html>
                        """);
                    return;
                }
                await ProblemAsync(context, StatusCodes.Status500InternalServerError, Msg.ProblemServerError, Msg.ServerError);
            }
        });

    /// <summary>A ProblemDetails answer in the request's language (read from the request, not from the thread's culture,
    /// which is the caller's again once the exception has left the localization middleware, or was never set when the
    /// refusal comes before it).</summary>
    public static async Task ProblemAsync(HttpContext context, int status, Msg title, Message detail,
        Dictionary<string, object?>? extensions = null, bool personalData = true)
    {
        var culture = await WebUi.LanguageOfAsync(context);
        await Results.Problem(detail: detail.Render(culture, personalData), statusCode: status, title: ((Message)title).Render(culture), extensions: extensions)
            .ExecuteAsync(context);
    }

    /// <summary>The HTTP status of a refusal, for the API's ProblemDetails and the pages alike.</summary>
    public static int Status(UserErrorKind kind) => kind switch
    {
        UserErrorKind.NotFound => StatusCodes.Status404NotFound,
        UserErrorKind.Conflict => StatusCodes.Status409Conflict,
        UserErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        UserErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    };

    private static Msg Title(UserErrorKind kind) => kind switch
    {
        UserErrorKind.NotFound => Msg.ProblemNotFound,
        UserErrorKind.Conflict => Msg.ProblemConflict,
        UserErrorKind.Unavailable => Msg.ProblemUnavailable,
        UserErrorKind.Forbidden => Msg.ProblemForbidden,
        _ => Msg.ProblemInvalid,
    };
}
