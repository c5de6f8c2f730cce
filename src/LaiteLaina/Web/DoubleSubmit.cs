using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LaiteLaina.Web;

/// <summary>What a form post did: where it sent the person, or what it said on the page it showed again.</summary>
public sealed record SubmitOutcome(string? Redirect, string? Done);

/// <summary>
/// Remembers, for an hour, which form posts already did their work and what came of it. Every form that posts
/// carries a fresh key (<see cref="OnceTagHelper"/>); the second post of the same form (a double click, the back
/// button and "send again") is answered with what the first one did instead of doing it again
/// (<see cref="DoubleSubmitPageFilter"/>). A second post that arrives while the first is still at work waits for it.
/// The database still refuses a second open loan on its own.
/// </summary>
public sealed class DoubleSubmit(TimeProvider clock)
{
    /// <summary>The form field that carries the key.</summary>
    public const string Field = "once";

    private static readonly TimeSpan Kept = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, (TaskCompletionSource<SubmitOutcome?> Outcome, DateTimeOffset At)> posts = new(StringComparer.Ordinal);

    /// <summary>
    /// Null for the first post of <paramref name="key"/>, which must then <see cref="Complete"/> it; for any later
    /// post, what the first one did (null again when the first one was refused, so that a corrected form can run).
    /// </summary>
    public Task<SubmitOutcome?>? Claim(string key)
    {
        var now = clock.GetUtcNow();
        var mine = new TaskCompletionSource<SubmitOutcome?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = posts.GetOrAdd(key, (mine, now));
        if (posts.Count > 10_000)
            foreach (var old in posts.Where(e => now - e.Value.At > Kept).Select(e => e.Key).ToList())
                posts.TryRemove(old, out _);
        return ReferenceEquals(entry.Outcome, mine) ? null : entry.Outcome.Task;
    }

    /// <summary>Ends the first post of <paramref name="key"/>; a null outcome (refused) forgets the key.</summary>
    public void Complete(string key, SubmitOutcome? outcome)
    {
        if (!posts.TryGetValue(key, out var entry))
            return;
        if (outcome is null)
            posts.TryRemove(key, out _);
        entry.Outcome.TrySetResult(outcome);
    }
}

/// <summary>Puts a fresh key into every form that posts, so that no page can forget it.</summary>
[HtmlTargetElement("form", Attributes = "method")]
public sealed class OnceTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes["method"]?.Value?.ToString() is { } method && method.Equals("post", StringComparison.OrdinalIgnoreCase))
            output.PostContent.AppendHtml($"<input type=\"hidden\" name=\"{DoubleSubmit.Field}\" value=\"{Guid.NewGuid():N}\">");
    }
}

/// <summary>Answers a form post whose key was seen with what the first post did; remembers what a first post did.</summary>
internal sealed class DoubleSubmitPageFilter(DoubleSubmit once, IUrlHelperFactory urls) : IAsyncPageFilter
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType
            || (await request.ReadFormAsync(context.HttpContext.RequestAborted))[DoubleSubmit.Field].ToString() is not { Length: > 0 } key)
        {
            await next();
            return;
        }
        while (once.Claim(key) is { } first)
        {
            var earlier = await first.WaitAsync(LongestWait, context.HttpContext.RequestAborted);
            if (earlier is not null)
            {
                context.Result = await RepeatAsync(context, earlier);
                return;
            }
            // The first post was refused and forgotten: this one is a new attempt of its own, once it holds the key.
        }
        SubmitOutcome? outcome = null;
        try
        {
            var executed = await next();
            outcome = executed.Exception is null || executed.ExceptionHandled ? OutcomeOf(executed) : null;
        }
        finally
        {
            once.Complete(key, outcome);
        }
    }

    /// <summary>What the first post did, as it can be shown again; null when it was refused or made nothing to show.</summary>
    private SubmitOutcome? OutcomeOf(PageHandlerExecutedContext executed)
    {
        if (executed.HandlerInstance is AppPage { Problem: not null } || executed.HttpContext.Response.StatusCode >= 400)
            return null;
        // A redirect's message waits in TempData (AppPage.DoneThenList); a repeat must say it again, because a browser
        // that sent the form twice follows the second answer and drops the first, cookie and all.
        var carried = (executed.HandlerInstance as AppPage)?.DoneCarried;
        return executed.Result switch
        {
            RedirectResult r => new SubmitOutcome(r.Url, carried),
            LocalRedirectResult r => new SubmitOutcome(r.Url, carried),
            RedirectToPageResult r => new SubmitOutcome(urls.GetUrlHelper(executed).Page(r.PageName ?? executed.ActionDescriptor.ViewEnginePath,
                r.PageHandler, r.RouteValues), carried),
            PageResult when executed.HandlerInstance is AppPage { Done: { } done } => new SubmitOutcome(null, done),
            _ => null,
        };
    }

    private static async Task<IActionResult> RepeatAsync(PageHandlerExecutingContext context, SubmitOutcome earlier)
    {
        if (earlier.Redirect is { } url)
        {
            if (earlier.Done is { } done && context.HandlerInstance is AppPage list)
                list.CarryDone(done);
            return new RedirectResult(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "again=true");
        }
        var page = (AppPage)context.HandlerInstance;
        page.Done = earlier.Done;
        await page.LoadAsync(context.HttpContext.RequestAborted);
        return page.Page();
    }
}
