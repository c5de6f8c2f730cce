using System.Globalization;
using System.Reflection;
using System.Resources;

namespace LaiteLaina.Kernel;

/// <summary>
/// A message a person reads: a stable id from <see cref="Msg"/> and its arguments, never a finished sentence, so
/// that each reader gets it in their own language. The texts are in Kernel/Messages.resx (English, the neutral
/// catalog), Messages.fi.resx and Messages.sv.resx; correcting a translation is an edit of a catalog only.
/// </summary>
/// <remarks>
/// An argument is shown as is, except: a <see cref="Message"/> is rendered in the same language (the "what would be
/// right" of a refusal); a <see cref="FieldName"/> becomes the field's name in the catalog; an enum value is its
/// kebab-case code in English (what the command line accepts) and the UI's word for it in Finnish and Swedish; a list
/// is its items joined with commas; a <see cref="Personal"/> value is left out where personal data must not be shown; and
/// a text is shown on one line with its controls escaped, and a quoted one ('{1}') shortened, as <see cref="Quote"/> does,
/// so that no message runs over lines or pages whatever a person typed.
/// </remarks>
public sealed partial class Message
{
    private readonly object?[] args;

    internal Message(Msg id, object?[] args)
    {
        Id = id;
        this.args = args;
    }

    public Msg Id { get; }

    public IReadOnlyList<object?> Args => args;

    /// <summary>Whether an argument (here or in a nested message) is a borrower's or a staff member's data.</summary>
    public bool HasPersonalData => args.Any(a => a is Personal || a is Message { HasPersonalData: true });

    /// <summary>The text in <paramref name="culture"/>'s language (Finnish, Swedish, else English); without personal
    /// data, the catalog's ".public" wording of the message, which leaves the personal arguments out.</summary>
    public string Render(CultureInfo culture, bool personalData = true)
    {
        culture = MessageCatalog.Language(culture);
        var template = (personalData || !HasPersonalData ? null : MessageCatalog.Text(Id.Id + MessageCatalog.PublicSuffix, culture))
                       ?? MessageCatalog.Text(Id.Id, culture)
                       ?? Id.Id;
        // A value the text quotes ('{1}') is what a person typed, and shortened; the others (a path, the list of what
        // is known) are the program's own words, kept whole, but on one line like the rest.
        var quoted = QuotedPlaceholder().Matches(template).Select(m => int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToHashSet();
        return string.Format(culture, template, args.Select((a, i) => Argument(a, culture, personalData, quoted.Contains(i))).ToArray());
    }

    private static object? Argument(object? value, CultureInfo culture, bool personalData, bool quoted = false) => value switch
    {
        Message m => m.Render(culture, personalData),
        Msg id => ((Message)id).Render(culture, personalData),
        FieldName f => MessageCatalog.Text(FieldName.Prefix + f.Name, culture) ?? f.Name,
        // Should a public wording ever name a personal argument, it still does not show it.
        Personal p => personalData ? Argument(p.Value, culture, personalData, quoted) : "…",
        Enum e => MessageCatalog.EnumText(e, culture),
        System.Collections.IEnumerable list and not string => string.Join(", ", list.Cast<object?>().Select(v => Argument(v, culture, personalData))),
        string text => Quote(text, quoted ? QuotedLength : int.MaxValue),
        _ => value,
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"['""]\{([0-9]+)\}")]
    private static partial System.Text.RegularExpressions.Regex QuotedPlaceholder();

    /// <summary>The longest part of a text a message repeats; the person knows the rest, and a log line stays a line.</summary>
    public const int QuotedLength = 60;

    /// <summary>A text as a message shows it: its first <paramref name="length"/> characters (then "…"), on one line,
    /// with control, direction and invisible characters written as escapes ("\n", "\u202E") rather than acted on.</summary>
    public static string Quote(string text, int length = QuotedLength)
    {
        var cut = text.Length > length;
        var shown = cut ? text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)] : text;
        if (!cut && !shown.Any(Unseen))
            return text;
        var sb = new System.Text.StringBuilder(shown.Length + 8);
        foreach (var c in shown)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when Unseen(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return cut ? sb.Append('…').ToString() : sb.ToString();
    }

    // What would break the line or turn the text around where it is shown, or hide in it: controls, direction
    // marks, overrides and isolates, line and paragraph separators, zero-width characters and the soft hyphen.
    private static bool Unseen(char c) =>
        char.IsControl(c) || c is '\u00AD' or >= '\u200B' and <= '\u200F' or >= '\u2028' and <= '\u202E' or >= '\u2060' and <= '\u2069' or '\uFEFF';

    /// <summary>The English text, as in logs and <see cref="Exception.Message"/>.</summary>
    public override string ToString() => Render(MessageCatalog.English);
}

/// <summary>An argument that is a person's data (a borrower's name, who made a loan): left out of screens that must not show it.</summary>
public sealed record Personal(object? Value);

/// <summary>An argument that names a field ("due"): shown as the catalog's "field.due" ("palautuspäivä"), or as written
/// when the catalog has none (a configuration key such as Scanners:0:Baud, which a person types as it is).</summary>
public sealed record FieldName(string Name)
{
    public const string Prefix = "field.";
}

/// <summary>Reads the message catalogs, with the usual culture fallback (fi-FI → fi → English).</summary>
public static class MessageCatalog
{
    public const string PublicSuffix = ".public";

    private static readonly ResourceManager Messages = new("LaiteLaina.Kernel.Messages", typeof(Message).Assembly);

    // The UI's words for enum values ("DeviceStatus.in-repair"), so that a message and a page say the same.
    private static readonly ResourceManager Ui = new("LaiteLaina.Kernel.Ui", typeof(Message).Assembly);

    /// <summary>English is the neutral catalog, read and formatted with the invariant culture so that the English
    /// text is the same on every machine.</summary>
    public static CultureInfo English => CultureInfo.InvariantCulture;

    public static readonly IReadOnlyList<string> Languages = ["fi", "sv", "en"];

    /// <summary>The culture a message is written in: Finnish or Swedish when asked for, else English.</summary>
    public static CultureInfo Language(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName is "fi" or "sv" ? CultureInfo.GetCultureInfo(culture.TwoLetterISOLanguageName) : English;

    /// <summary>The language of a code such as "fi", "sv_FI.UTF-8" or "en-GB"; null when it is none of ours (or "C", "POSIX").</summary>
    public static CultureInfo? Parse(string? code)
    {
        var language = code?.Split('_', '-', '.', '@')[0].Trim().ToLowerInvariant();
        return language is not null && Languages.Contains(language) ? (language == "en" ? English : CultureInfo.GetCultureInfo(language)) : null;
    }

    public static string? Text(string id, CultureInfo culture) => Messages.GetString(id, culture);

    /// <summary>One of the UI's own words in <paramref name="culture"/>, for a document written in a language other than
    /// the request's; null when the UI has no such key.</summary>
    public static string? FindUiWords(string key, CultureInfo culture) => Ui.GetString(key, culture);

    /// <summary>A UI text ("Due", or "Loan {0}" with <paramref name="args"/>) in <paramref name="culture"/>'s language, for
    /// what is made away from a page in another person's language (the right-of-access export a borrower is given).</summary>
    public static string UiWords(string key, CultureInfo culture, params object?[] args) =>
        string.Format(culture, Ui.GetString(key, Language(culture)) ?? key, args);

    public static string EnumText(Enum value, CultureInfo culture)
    {
        var code = Kernel.EnumText.Kebab(value.ToString());
        return culture.Equals(English) ? code : Ui.GetString($"{value.GetType().Name}.{code}", culture) ?? code;
    }
}

/// <summary>
/// The ids of every message, the only place an id is made: the catalog test lists them by reflection and checks each
/// has its text in every catalog, that each is used in the code, and that no catalog holds an id not listed here.
/// Ids are "area.what" in kebab case and never change once shipped (the API gives them as the problem's "code").
/// </summary>
public sealed class Msg
{
    private Msg(string id) => Id = id;

    public string Id { get; }

    public Message With(params object?[] args) => new(this, args);

    public static implicit operator Message(Msg id) => new(id, []);

    public override string ToString() => Id;

    /// <summary>Every id, with the name of its member (for the test that each is used).</summary>
    public static IReadOnlyList<(string Member, Msg Id)> All =>
        typeof(Msg).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Msg))
            .Select(f => (f.Name, (Msg)f.GetValue(null)!))
            .ToList();

    // A refusal of a value: "{field} '{value}' is not valid: {what would be right}."
    public static readonly Msg ValueInvalid = new("value.invalid");

    // The same refusal of an empty value: "{field} '' is not valid: {what would be right}." in English, as scripts read it.
    public static readonly Msg ValueMissing = new("value.missing");

    // "{what} '{key}' was not found."
    public static readonly Msg RecordNotFound = new("record.not-found");

    // Each area's messages, in the order of the catalogs:
    public static readonly Msg LoanDeviceHeld = new("loan.device-held");
    public static readonly Msg ValueOneOf = new("value.one-of");
    public static readonly Msg ValueWholeNumber = new("value.whole-number");
    public static readonly Msg ValueUseOneOf = new("value.use-one-of");
    public static readonly Msg ParseDate = new("parse.date");
    public static readonly Msg ParseDateTime = new("parse.date-time");
    public static readonly Msg ParseEuros = new("parse.euros");
    public static readonly Msg ParseCostNegative = new("parse.cost-negative");
    public static readonly Msg ParseCents = new("parse.cents");
    public static readonly Msg ParseCostTooHigh = new("parse.cost-too-high");
    public static readonly Msg ParseImei = new("parse.imei");
    public static readonly Msg IdentityCodeRefused = new("identity-code.refused");
    public static readonly Msg TextTooLong = new("text.too-long");
    public static readonly Msg TextControlCharacter = new("text.control-character");
    public static readonly Msg TextDirectionControl = new("text.direction-control");
    public static readonly Msg LoanHandoverKind = new("loan.handover-kind");
    public static readonly Msg LoanDueMissing = new("loan.due-missing");
    public static readonly Msg LoanDueInPast = new("loan.due-in-past");
    public static readonly Msg LoanRecommenderMissing = new("loan.recommender-missing");
    public static readonly Msg LoanNotOnLoan = new("loan.not-on-loan");
    public static readonly Msg LoanClosedMeanwhile = new("loan.closed-meanwhile");
    public static readonly Msg LoanNoAccessoriesGiven = new("loan.no-accessories-given");
    public static readonly Msg LoanAccessoryNotGiven = new("loan.accessory-not-given");
    public static readonly Msg LoanAccessoryMissingAndDamaged = new("loan.accessory-missing-and-damaged");
    public static readonly Msg LoanRenewDueMissing = new("loan.renew-due-missing");
    public static readonly Msg LoanRenewDueNotLater = new("loan.renew-due-not-later");
    public static readonly Msg LoanRenewalLimit = new("loan.renewal-limit");
    public static readonly Msg LoanCoachingSessions = new("loan.coaching-sessions");
    public static readonly Msg HandoverNoCoachingReason = new("handover.no-coaching-reason");
    public static readonly Msg HandoverNeverWiped = new("handover.never-wiped");
    public static readonly Msg HandoverOnlyProfileRemoved = new("handover.only-profile-removed");
    public static readonly Msg HandoverTestHarness = new("handover.test-harness");
    public static readonly Msg SignatureMissing = new("signature.missing");
    public static readonly Msg SignaturePlaceMissing = new("signature.place-missing");
    public static readonly Msg ValueNotAnImage = new("value.not-an-image");
    public static readonly Msg SignatureUnreadable = new("signature.unreadable");
    public static readonly Msg SignatureBlank = new("signature.blank");
    public static readonly Msg SignatureTooSmall = new("signature.too-small");
    public static readonly Msg SignatureAlreadySigned = new("signature.already-signed");
    public static readonly Msg SignatureReasonMissing = new("signature.reason-missing");
    public static readonly Msg SignatureLoanClosed = new("signature.loan-closed");
    public static readonly Msg LoanStaffNoAgreement = new("loan.staff-no-agreement");
    public static readonly Msg LoanStateFilter = new("loan.state-filter");
    public static readonly Msg LoanBorrowerNotFound = new("loan.borrower-not-found");
    public static readonly Msg LoanBorrowerAnonymised = new("loan.borrower-anonymised");
    public static readonly Msg LoanKindBorrowerMismatch = new("loan.kind-borrower-mismatch");
    public static readonly Msg LoanDeviceNotWiped = new("loan.device-not-wiped");
    public static readonly Msg LoanDeviceInRepair = new("loan.device-in-repair");
    public static readonly Msg LoanDeviceNotLendable = new("loan.device-not-lendable");
    public static readonly Msg RecordChangedMeanwhile = new("record.changed-meanwhile");
    public static readonly Msg LoanAlreadyClosed = new("loan.already-closed");
    public static readonly Msg ValueGive = new("value.give");
    public static readonly Msg ReservationFromMissing = new("reservation.from-missing");
    public static readonly Msg ReservationFromInPast = new("reservation.from-in-past");
    public static readonly Msg ReservationToBeforeFrom = new("reservation.to-before-from");
    public static readonly Msg ReservationDeviceNotReservable = new("reservation.device-not-reservable");
    public static readonly Msg ReservationClash = new("reservation.clash");
    public static readonly Msg ReservationOnLoanUntil = new("reservation.on-loan-until");
    public static readonly Msg ReservationPoolFull = new("reservation.pool-full");
    public static readonly Msg ReservationAlreadyCancelled = new("reservation.already-cancelled");
    public static readonly Msg ReservationReservedForOther = new("reservation.reserved-for-other");
    public static readonly Msg ReservationPoolNeedsDevice = new("reservation.pool-needs-device");
    public static readonly Msg DeskLookUpEmpty = new("desk.look-up-empty");
    public static readonly Msg DeskNothingFound = new("desk.nothing-found");
    public static readonly Msg DeviceTagAmbiguous = new("device.tag-ambiguous");
    public static readonly Msg LoanTagMissing = new("loan.tag-missing");
    public static readonly Msg LifecycleOnLoan = new("lifecycle.on-loan");
    public static readonly Msg LifecycleHandedOver = new("lifecycle.handed-over");
    public static readonly Msg LifecycleRetired = new("lifecycle.retired");
    public static readonly Msg LifecycleLost = new("lifecycle.lost");
    public static readonly Msg LifecycleNotAllowed = new("lifecycle.not-allowed");
    public static readonly Msg LifecycleGoalReady = new("lifecycle.goal-ready");
    public static readonly Msg LifecycleGoalRetired = new("lifecycle.goal-retired");
    public static readonly Msg LifecycleGoalLent = new("lifecycle.goal-lent");
    public static readonly Msg LifecycleGoalStatus = new("lifecycle.goal-status");
    public static readonly Msg LifecycleDoneReady = new("lifecycle.done-ready");
    public static readonly Msg LifecycleDoneLent = new("lifecycle.done-lent");
    public static readonly Msg LifecycleDoneStatus = new("lifecycle.done-status");
    public static readonly Msg WipeTagMissing = new("wipe.tag-missing");
    public static readonly Msg WipeVerificationFailed = new("wipe.verification-failed");
    public static readonly Msg WipeCertificateMethod = new("wipe.certificate-method");
    public static readonly Msg WipeNoResult = new("wipe.no-result");
    public static readonly Msg WipeLevelDestroy = new("wipe.level-destroy");
    public static readonly Msg WipeMethodMissing = new("wipe.method-missing");
    public static readonly Msg WipeToolMissing = new("wipe.tool-missing");
    public static readonly Msg WipeVerificationMissing = new("wipe.verification-missing");
    public static readonly Msg WipeResultMissing = new("wipe.result-missing");
    public static readonly Msg WipeOperatorMissing = new("wipe.operator-missing");
    public static readonly Msg WipeStationPerformerMissing = new("wipe.station-performer-missing");
    public static readonly Msg CertificateValidatedAlready = new("certificate.validated-already");
    public static readonly Msg CertificateOwnValidation = new("certificate.own-validation");
    public static readonly Msg CertificateNotChecked = new("certificate.not-checked");
    public static readonly Msg WipeNoSite = new("wipe.no-site");
    public static readonly Msg ProvisioningNoSite = new("provisioning.no-site");
    public static readonly Msg DiskVerify = new("disk.verify");
    public static readonly Msg DiskOperatorMissing = new("disk.operator-missing");
    public static readonly Msg DiskNoSite = new("disk.no-site");
    public static readonly Msg DiskImageNotWritten = new("disk.image-not-written");
    public static readonly Msg DiskRefused = new("disk.refused");
    public static readonly Msg DiskStopped = new("disk.stopped");
    public static readonly Msg DiskFailed = new("disk.failed");
    public static readonly Msg DiskNotMarkedWiped = new("disk.not-marked-wiped");
    public static readonly Msg ProfileField = new("profile.field");
    public static readonly Msg ProfileJsonLine = new("profile.json-line");
    public static readonly Msg ProfileJsonInvalid = new("profile.json-invalid");
    public static readonly Msg ProfileJsonObject = new("profile.json-object");
    public static readonly Msg ProfileText = new("profile.text");
    public static readonly Msg ProfileNumber = new("profile.number");
    public static readonly Msg ProfileObject = new("profile.object");
    public static readonly Msg ProfileList = new("profile.list");
    public static readonly Msg ProfilePackage = new("profile.package");
    public static readonly Msg ProfileWipeMissing = new("profile.wipe-missing");
    public static readonly Msg ProfileWipeMethod = new("profile.wipe-method");
    public static readonly Msg ProfileDestination = new("profile.destination");
    public static readonly Msg ProfileHandoverMethod = new("profile.handover-method");
    public static readonly Msg ProfileWipeCommand = new("profile.wipe-command");
    public static readonly Msg ProfileUserName = new("profile.user-name");
    public static readonly Msg ProfileApp = new("profile.app");
    public static readonly Msg ProfileApk = new("profile.apk");
    public static readonly Msg ProfileLocale = new("profile.locale");
    public static readonly Msg ValueTrueOrFalse = new("value.true-or-false");
    public static readonly Msg ProfileCardTarget = new("profile.card-target");
    public static readonly Msg ProfileName = new("profile.name");
    public static readonly Msg SettingMaxParallel = new("setting.max-parallel");
    public static readonly Msg SettingPollSeconds = new("setting.poll-seconds");
    public static readonly Msg SettingPatchMaxMonths = new("setting.patch-max-months");
    public static readonly Msg SettingPositiveSeconds = new("setting.positive-seconds");
    public static readonly Msg ProvisioningScriptMissing = new("provisioning.script-missing");
    public static readonly Msg DiskScriptMissing = new("disk.script-missing");
    public static readonly Msg DiskBashNotStarted = new("disk.bash-not-started");
    public static readonly Msg ProvisioningNoPrintQueue = new("provisioning.no-print-queue");
    public static readonly Msg ProvisioningJobTaken = new("provisioning.job-taken");
    public static readonly Msg ProvisioningPersonMustAct = new("provisioning.person-must-act");
    public static readonly Msg ProvisioningTabletGone = new("provisioning.tablet-gone");
    public static readonly Msg ProvisioningRetryStep = new("provisioning.retry-step");
    public static readonly Msg ProvisioningJobStopped = new("provisioning.job-stopped");
    public static readonly Msg ProvisioningResumeOnlyInterrupted = new("provisioning.resume-only-interrupted");
    public static readonly Msg ProvisioningResumeRetryInstead = new("provisioning.resume-retry-instead");
    public static readonly Msg SentenceEnd = new("sentence.end");
    public static readonly Msg ProvisioningRetryNotAllowed = new("provisioning.retry-not-allowed");
    public static readonly Msg ProvisioningResumeRefused = new("provisioning.resume-refused");
    public static readonly Msg ProvisioningJobFinished = new("provisioning.job-finished");
    public static readonly Msg ProvisioningSerialMissing = new("provisioning.serial-missing");
    public static readonly Msg ProvisioningJobUnderWay = new("provisioning.job-under-way");
    public static readonly Msg ProvisioningIntakeDecided = new("provisioning.intake-decided");
    public static readonly Msg ProvisioningStepStarting = new("provisioning.step-starting");
    public static readonly Msg ProvisioningStepCancelled = new("provisioning.step-cancelled");
    public static readonly Msg ProvisioningStepInterrupted = new("provisioning.step-interrupted");
    public static readonly Msg ProvisioningJobRetrying = new("provisioning.job-retrying");
    public static readonly Msg ProvisioningJobResumed = new("provisioning.job-resumed");
    public static readonly Msg ProvisioningWithProfile = new("provisioning.with-profile");
    public static readonly Msg ProvisioningIdentifiedAs = new("provisioning.identified-as");
    public static readonly Msg ProvisioningSerialMismatch = new("provisioning.serial-mismatch");
    public static readonly Msg ProvisioningSerialSeveral = new("provisioning.serial-several");
    public static readonly Msg ProvisioningSerialSeveralAct = new("provisioning.serial-several-act");
    public static readonly Msg ProvisioningSerialUnknown = new("provisioning.serial-unknown");
    public static readonly Msg ProvisioningSerialUnknownAct = new("provisioning.serial-unknown-act");
    public static readonly Msg ProvisioningNoRestart = new("provisioning.no-restart");
    public static readonly Msg ProvisioningCertificateIssued = new("provisioning.certificate-issued");
    public static readonly Msg ProvisioningReadyLabelQueued = new("provisioning.ready-label-queued");
    public static readonly Msg ProvisioningReadyNoLabel = new("provisioning.ready-no-label");
    public static readonly Msg ProvisioningJobDone = new("provisioning.job-done");
    public static readonly Msg ProvisioningProfileAfterWipe = new("provisioning.profile-after-wipe");
    public static readonly Msg ProvisioningJobDoneTestHarness = new("provisioning.job-done-test-harness");
    public static readonly Msg ProvisioningNoDemo = new("provisioning.no-demo");
    public static readonly Msg ProvisioningScriptCancelled = new("provisioning.script-cancelled");
    public static readonly Msg ProvisioningScriptTimedOut = new("provisioning.script-timed-out");
    public static readonly Msg ProvisioningScriptExit = new("provisioning.script-exit");
    public static readonly Msg ProvisioningScriptExitSaid = new("provisioning.script-exit-said");
    public static readonly Msg ProvisioningScriptSaid = new("provisioning.script-said");
    public static readonly Msg ProvisioningSayConnecting = new("provisioning.say.connecting");
    public static readonly Msg ProvisioningSayReadingIdentity = new("provisioning.say.reading-identity");
    public static readonly Msg ProvisioningSayGetpropFailed = new("provisioning.say.getprop-failed");
    public static readonly Msg ProvisioningSayNoSerial = new("provisioning.say.no-serial");
    public static readonly Msg ProvisioningSayIdentified = new("provisioning.say.identified");
    public static readonly Msg ProvisioningSayDisconnectedWork = new("provisioning.say.disconnected-work");
    public static readonly Msg ProvisioningSayUnauthorized = new("provisioning.say.unauthorized");
    public static readonly Msg ProvisioningSayNoLongerConnected = new("provisioning.say.no-longer-connected");
    public static readonly Msg ProvisioningSayDisconnectedCommand = new("provisioning.say.disconnected-command");
    public static readonly Msg ProvisioningSayShellPartial = new("provisioning.say.shell-partial");
    public static readonly Msg ProvisioningSayRecoveryMode = new("provisioning.say.recovery-mode");
    public static readonly Msg ProvisioningSayStateToAdb = new("provisioning.say.state-to-adb");
    public static readonly Msg ProvisioningSayNotConnected = new("provisioning.say.not-connected");
    public static readonly Msg ProvisioningSayOtherState = new("provisioning.say.other-state");
    public static readonly Msg ProvisioningSayProfileMissing = new("provisioning.say.profile-missing");
    public static readonly Msg ProvisioningSayProfileUnreadable = new("provisioning.say.profile-unreadable");
    public static readonly Msg ProvisioningSayNoJq = new("provisioning.say.no-jq");
    public static readonly Msg ProvisioningSayProfileInvalid = new("provisioning.say.profile-invalid");
    public static readonly Msg ProvisioningSayProfileEmpty = new("provisioning.say.profile-empty");
    public static readonly Msg ProvisioningSayReadingPrecheck = new("provisioning.say.reading-precheck");
    public static readonly Msg ProvisioningSayBattery = new("provisioning.say.battery");
    public static readonly Msg ProvisioningSayBatteryUnreadable = new("provisioning.say.battery-unreadable");
    public static readonly Msg ProvisioningSayBatteryLow = new("provisioning.say.battery-low");
    public static readonly Msg ProvisioningSayAndroidVersion = new("provisioning.say.android-version");
    public static readonly Msg ProvisioningSayAndroidTooOld = new("provisioning.say.android-too-old");
    public static readonly Msg ProvisioningSayAccounts = new("provisioning.say.accounts");
    public static readonly Msg ProvisioningSayGoogleAccount = new("provisioning.say.google-account");
    public static readonly Msg ProvisioningSaySamsungAccount = new("provisioning.say.samsung-account");
    public static readonly Msg ProvisioningSayPatchOld = new("provisioning.say.patch-old");
    public static readonly Msg ProvisioningSayOwnerAccounts = new("provisioning.say.owner-accounts");
    public static readonly Msg ProvisioningSayLockScreen = new("provisioning.say.lock-screen");
    public static readonly Msg ProvisioningSayScreenLocked = new("provisioning.say.screen-locked");
    public static readonly Msg ProvisioningSayLockKept = new("provisioning.say.lock-kept");
    public static readonly Msg ProvisioningSayPrecheckOk = new("provisioning.say.precheck-ok");
    public static readonly Msg ProvisioningSayCardMissing = new("provisioning.say.card-missing");
    public static readonly Msg ProvisioningSayApkMissing = new("provisioning.say.apk-missing");
    public static readonly Msg ProvisioningSayInstalling = new("provisioning.say.installing");
    public static readonly Msg ProvisioningSayInstallFailed = new("provisioning.say.install-failed");
    public static readonly Msg ProvisioningSaySettings = new("provisioning.say.settings");
    public static readonly Msg ProvisioningSayTestHarnessUndone = new("provisioning.say.test-harness-undone");
    public static readonly Msg ProvisioningSaySettingFailed = new("provisioning.say.setting-failed");
    public static readonly Msg ProvisioningSayPushingCard = new("provisioning.say.pushing-card");
    public static readonly Msg ProvisioningSayCardFailed = new("provisioning.say.card-failed");
    public static readonly Msg ProvisioningSayCardUnreachable = new("provisioning.say.card-unreachable");
    public static readonly Msg ProvisioningSayStartingUser = new("provisioning.say.starting-user");
    public static readonly Msg ProvisioningSayStartUserFailed = new("provisioning.say.start-user-failed");
    public static readonly Msg ProvisioningSayBorrowerGone = new("provisioning.say.borrower-gone");
    public static readonly Msg ProvisioningSayBorrowerUnknown = new("provisioning.say.borrower-unknown");
    public static readonly Msg ProvisioningSayDisabling = new("provisioning.say.disabling");
    public static readonly Msg ProvisioningSayDisableFailed = new("provisioning.say.disable-failed");
    public static readonly Msg ProvisioningSayProvisioned = new("provisioning.say.provisioned");
    public static readonly Msg ProvisioningSayProvisionedCard = new("provisioning.say.provisioned-card");
    public static readonly Msg ProvisioningSayReadingVerify = new("provisioning.say.reading-verify");
    public static readonly Msg ProvisioningSayUsers = new("provisioning.say.users");
    public static readonly Msg ProvisioningSayApps = new("provisioning.say.apps");
    public static readonly Msg ProvisioningSayPhotos = new("provisioning.say.photos");
    public static readonly Msg ProvisioningSaySetupState = new("provisioning.say.setup-state");
    public static readonly Msg ProvisioningSayProfileApps = new("provisioning.say.profile-apps");
    public static readonly Msg ProvisioningSayDisabledPackages = new("provisioning.say.disabled-packages");
    public static readonly Msg ProvisioningSayTestHarnessSettings = new("provisioning.say.test-harness-settings");
    public static readonly Msg ProvisioningSayVerifyFailed = new("provisioning.say.verify-failed");
    public static readonly Msg ProvisioningSayVerified = new("provisioning.say.verified");
    public static readonly Msg ProvisioningSayBackAfter = new("provisioning.say.back-after");
    public static readonly Msg ProvisioningSayBackUnauthorized = new("provisioning.say.back-unauthorized");
    public static readonly Msg ProvisioningSayUnauthorizedHelp = new("provisioning.say.unauthorized-help");
    public static readonly Msg ProvisioningSamsungAutoBlocker = new("provisioning.samsung-auto-blocker");
    public static readonly Msg ProvisioningTabletOffline = new("provisioning.tablet-offline");
    public static readonly Msg ProvisioningSayInRecovery = new("provisioning.say.in-recovery");
    public static readonly Msg ProvisioningSayRecoveryWipe = new("provisioning.say.recovery-wipe");
    public static readonly Msg ProvisioningSayWaitingRestart = new("provisioning.say.waiting-restart");
    public static readonly Msg ProvisioningSayTabletState = new("provisioning.say.tablet-state");
    public static readonly Msg ProvisioningSayBackUnauthorizedAct = new("provisioning.say.back-unauthorized-act");
    public static readonly Msg ProvisioningSayStillRecovery = new("provisioning.say.still-recovery");
    public static readonly Msg ProvisioningSayNotBack = new("provisioning.say.not-back");
    public static readonly Msg ProvisioningSayNoRestartWithin = new("provisioning.say.no-restart-within");
    public static readonly Msg ProvisioningSayStartingReset = new("provisioning.say.starting-reset");
    public static readonly Msg ProvisioningSayLockRefused = new("provisioning.say.lock-refused");
    public static readonly Msg ProvisioningSayTestHarnessHandover = new("provisioning.say.test-harness-handover");
    public static readonly Msg ProvisioningSayNoTestHarness = new("provisioning.say.no-test-harness");
    public static readonly Msg ProvisioningSayTestHarnessFailed = new("provisioning.say.test-harness-failed");
    public static readonly Msg ProvisioningSayResetRunning = new("provisioning.say.reset-running");
    public static readonly Msg ProvisioningSayResetStarted = new("provisioning.say.reset-started");
    public static readonly Msg ProvisioningSayToRecovery = new("provisioning.say.to-recovery");
    public static readonly Msg ProvisioningSayRecoveryFailed = new("provisioning.say.recovery-failed");
    public static readonly Msg ProvisioningSayRecoverySteps = new("provisioning.say.recovery-steps");
    public static readonly Msg ProvisioningSayRecoveryWaiting = new("provisioning.say.recovery-waiting");
    public static readonly Msg ProvisioningSayReadingUsers = new("provisioning.say.reading-users");
    public static readonly Msg ProvisioningSaySingleUser = new("provisioning.say.single-user");
    public static readonly Msg ProvisioningSayRemovingUser = new("provisioning.say.removing-user");
    public static readonly Msg ProvisioningSayRemoveUserFailed = new("provisioning.say.remove-user-failed");
    public static readonly Msg ProvisioningSayEmptyingFiles = new("provisioning.say.emptying-files");
    public static readonly Msg ProvisioningSayCreatingUser = new("provisioning.say.creating-user");
    public static readonly Msg ProvisioningSayCreateUserFailed = new("provisioning.say.create-user-failed");
    public static readonly Msg ProvisioningSayUsersReset = new("provisioning.say.users-reset");
    public static readonly Msg ProvisioningSayCustomEmpty = new("provisioning.say.custom-empty");
    public static readonly Msg ProvisioningSayCustomRunning = new("provisioning.say.custom-running");
    public static readonly Msg ProvisioningSayCustomFailed = new("provisioning.say.custom-failed");
    public static readonly Msg ProvisioningSayCustomDone = new("provisioning.say.custom-done");
    public static readonly Msg ProvisioningSayUnknownMethod = new("provisioning.say.unknown-method");
    public static readonly Msg ProvisioningSayProof = new("provisioning.say.proof");
    public static readonly Msg ProvisioningSayRecordingBefore = new("provisioning.say.recording-before");
    public static readonly Msg ProvisioningSayCanaryFailed = new("provisioning.say.canary-failed");
    public static readonly Msg ProvisioningSayNoAndroidId = new("provisioning.say.no-android-id");
    public static readonly Msg ProvisioningSayRecordFailed = new("provisioning.say.record-failed");
    public static readonly Msg SimulateCount = new("simulate.count");
    public static readonly Msg PointNameMissing = new("point.name-missing");
    public static readonly Msg PointDeviceElsewhere = new("point.device-elsewhere");
    public static readonly Msg PointNextMaintenanceBeforeLast = new("point.next-maintenance-before-last");
    public static readonly Msg ImportProblemOne = new("import.problem-one");
    public static readonly Msg ImportProblems = new("import.problems");
    public static readonly Msg ImportRowOne = new("import.row-one");
    public static readonly Msg ImportRows = new("import.rows");
    public static readonly Msg ImportBadRowOne = new("import.bad-row-one");
    public static readonly Msg ImportBadRows = new("import.bad-rows");
    public static readonly Msg ImportHeaderProblems = new("import.header-problems");
    public static readonly Msg ImportAllRowsBad = new("import.all-rows-bad");
    public static readonly Msg ImportBadRowsFound = new("import.bad-rows-found");
    public static readonly Msg ImportDelimiter = new("import.delimiter");
    public static readonly Msg ImportNoHeader = new("import.no-header");
    public static readonly Msg ImportDuplicateColumn = new("import.duplicate-column");
    public static readonly Msg ImportUnknownColumn = new("import.unknown-column");
    public static readonly Msg ImportNoKindColumn = new("import.no-kind-column");
    public static readonly Msg ImportRowTooLong = new("import.row-too-long");
    public static readonly Msg ImportValueWithoutHeader = new("import.value-without-header");
    public static readonly Msg ImportStrayQuote = new("import.stray-quote");
    public static readonly Msg ImportFileMissing = new("import.file-missing");
    public static readonly Msg ImportBinary = new("import.binary");
    public static readonly Msg ImportBinaryUtf16 = new("import.binary-utf16");
    public static readonly Msg ImportNot1252 = new("import.not-1252");
    public static readonly Msg DeviceNotWipedSince = new("device.not-wiped-since");
    public static readonly Msg DeviceDonated = new("device.donated");
    public static readonly Msg DeviceTransferred = new("device.transferred");
    public static readonly Msg DeviceBackFromUse = new("device.back-from-use");
    public static readonly Msg DeviceKindMissing = new("device.kind-missing");
    public static readonly Msg DeviceLocationWithoutSite = new("device.location-without-site");
    public static readonly Msg DeviceLeaseEndMissing = new("device.lease-end-missing");
    public static readonly Msg DeviceDonorNotDonated = new("device.donor-not-donated");
    public static readonly Msg DeviceSerialDuplicate = new("device.serial-duplicate");
    public static readonly Msg DeviceWithoutMake = new("device.without-make");
    public static readonly Msg DeviceSerialOwner = new("device.serial-owner");
    public static readonly Msg DeviceSerialLine = new("device.serial-line");
    public static readonly Msg SiteNotFound = new("site.not-found");
    public static readonly Msg LocationNotFound = new("location.not-found");
    public static readonly Msg DonorNotFound = new("donor.not-found");
    public static readonly Msg DonorNameMissing = new("donor.name-missing");
    public static readonly Msg DonorExists = new("donor.exists");
    public static readonly Msg DeviceStatusThroughLoan = new("device.status-through-loan");
    public static readonly Msg DeviceWipeMethodMissing = new("device.wipe-method-missing");
    public static readonly Msg DeviceWipedByMissing = new("device.wiped-by-missing");
    public static readonly Msg DeviceNotWipeable = new("device.not-wipeable");
    public static readonly Msg DeviceWipeInFuture = new("device.wipe-in-future");
    public static readonly Msg DeviceWipeBeforeLast = new("device.wipe-before-last");
    public static readonly Msg DeviceWipeBeforeIntake = new("device.wipe-before-intake");
    public static readonly Msg SiteCodeMissing = new("site.code-missing");
    public static readonly Msg SiteNameMissing = new("site.name-missing");
    public static readonly Msg SiteCodeTaken = new("site.code-taken");
    public static readonly Msg ServiceSiteUnknown = new("service-site.unknown");
    public static readonly Msg ServiceSiteNoSites = new("service-site.no-sites");
    public static readonly Msg SiteCodeRule = new("site.code-rule");
    public static readonly Msg ProvisioningIntakeOtherSite = new("provisioning.intake-other-site");
    public static readonly Msg TransferSiteMissing = new("transfer.site-missing");
    public static readonly Msg TransferSameSite = new("transfer.same-site");
    public static readonly Msg TransferOnLoan = new("transfer.on-loan");
    public static readonly Msg TransferProvisioning = new("transfer.provisioning");
    public static readonly Msg LocationNameMissing = new("location.name-missing");
    public static readonly Msg LocationExists = new("location.exists");
    public static readonly Msg BorrowerNameMissing = new("borrower.name-missing");
    public static readonly Msg BorrowerChoose = new("borrower.choose");
    public static readonly Msg BorrowerNameTooLong = new("borrower.name-too-long");
    public static readonly Msg BorrowerBadgeTaken = new("borrower.badge-taken");
    public static readonly Msg BorrowerSameName = new("borrower.same-name");
    public static readonly Msg PrivacyAlreadyAnonymised = new("privacy.already-anonymised");
    public static readonly Msg PrivacyLoanOpen = new("privacy.loan-open");
    public static readonly Msg BackupExists = new("backup.exists");
    public static readonly Msg BackupNoSuchFile = new("backup.no-such-file");
    public static readonly Msg BackupNotABackup = new("backup.not-a-backup");
    public static readonly Msg BackupNewer = new("backup.newer");
    public static readonly Msg BackupDamaged = new("backup.damaged");
    public static readonly Msg BackupLacks = new("backup.lacks");
    public static readonly Msg BackupHasExtra = new("backup.has-extra");
    public static readonly Msg BackupBrokenReference = new("backup.broken-reference");
    public static readonly Msg BackupSqliteOnly = new("backup.sqlite-only");
    public static readonly Msg BackupDiskFull = new("backup.disk-full");
    public static readonly Msg BackupFolderUnwritable = new("backup.folder-unwritable");
    public static readonly Msg BackupFailed = new("backup.failed");
    public static readonly Msg BackupCountMismatch = new("backup.count-mismatch");
    public static readonly Msg BackupFileChanged = new("backup.file-changed");
    public static readonly Msg BackupNone = new("backup.none");
    public static readonly Msg BackupDone = new("backup.done");
    public static readonly Msg BackupDrillOk = new("backup.drill-ok");
    public static readonly Msg BackupDrillFault = new("backup.drill-fault");
    public static readonly Msg BackupScratchIsData = new("backup.scratch-is-data");
    public static readonly Msg BackupScratchNotEmpty = new("backup.scratch-not-empty");
    public static readonly Msg BackupPostgresOwn = new("backup.postgres-own");
    public static readonly Msg SettingBackupKeep = new("setting.backup-keep");
    public static readonly Msg SettingBackupAt = new("setting.backup-at");
    public static readonly Msg MetricsTokenShort = new("metrics.token-short");
    public static readonly Msg DatabaseNoneHere = new("database.none-here");
    public static readonly Msg DatabaseNoSchemaVersion = new("database.no-schema-version");
    public static readonly Msg DatabaseNewer = new("database.newer");
    public static readonly Msg DatabaseTablesWithoutSchema = new("database.tables-without-schema");
    public static readonly Msg DatabaseConnectionStringValue = new("database.connection-string-value");
    public static readonly Msg DatabaseConnectionString = new("database.connection-string");
    public static readonly Msg DatabaseLocked = new("database.locked");
    public static readonly Msg DatabaseReadOnly = new("database.read-only");
    public static readonly Msg DatabaseNotSqlite = new("database.not-sqlite");
    public static readonly Msg DatabaseCannotOpen = new("database.cannot-open");
    public static readonly Msg DatabaseDiskFull = new("database.disk-full");
    public static readonly Msg DatabaseIoError = new("database.io-error");
    public static readonly Msg DatabaseMissing = new("database.missing");
    public static readonly Msg DatabaseLoginRefused = new("database.login-refused");
    public static readonly Msg DatabaseNotAccepting = new("database.not-accepting");
    public static readonly Msg DatabaseBusy = new("database.busy");
    public static readonly Msg DatabaseUnreachable = new("database.unreachable");
    public static readonly Msg DoctorCheckSerial = new("doctor.check.serial");
    public static readonly Msg DoctorCheckAdb = new("doctor.check.adb");
    public static readonly Msg DoctorCheckPrinter = new("doctor.check.printer");
    public static readonly Msg DoctorCheckDatabase = new("doctor.check.database");
    public static readonly Msg DoctorCheckDisk = new("doctor.check.disk");
    public static readonly Msg DoctorCheckClock = new("doctor.check.clock");
    public static readonly Msg DoctorCheckBackup = new("doctor.check.backup");
    public static readonly Msg DoctorLevelOk = new("doctor.level.ok");
    public static readonly Msg DoctorLevelWarning = new("doctor.level.warning");
    public static readonly Msg DoctorLevelFault = new("doctor.level.fault");
    public static readonly Msg DoctorSerialNone = new("doctor.serial-none");
    public static readonly Msg DoctorPortMissing = new("doctor.port-missing");
    public static readonly Msg DoctorPortUnknown = new("doctor.port-unknown");
    public static readonly Msg DoctorPortOk = new("doctor.port-ok");
    public static readonly Msg DoctorPortDenied = new("doctor.port-denied");
    public static readonly Msg DoctorUserAllowed = new("doctor.user-allowed");
    public static readonly Msg DoctorAdbNotNeeded = new("doctor.adb-not-needed");
    public static readonly Msg DoctorAdbMissing = new("doctor.adb-missing");
    public static readonly Msg DoctorAdbOk = new("doctor.adb-ok");
    public static readonly Msg DoctorAdbServerDown = new("doctor.adb-server-down");
    public static readonly Msg DoctorPrinterNoStatus = new("doctor.printer-no-status");
    public static readonly Msg DoctorPrinterAnswers = new("doctor.printer-answers");
    public static readonly Msg DoctorPrinterProblem = new("doctor.printer-problem");
    public static readonly Msg DoctorDatabaseOk = new("doctor.database-ok");
    public static readonly Msg DoctorDiskOk = new("doctor.disk-ok");
    public static readonly Msg DoctorDiskLow = new("doctor.disk-low");
    public static readonly Msg DoctorClockOk = new("doctor.clock-ok");
    public static readonly Msg DoctorClockNotSynchronised = new("doctor.clock-not-synchronised");
    public static readonly Msg DoctorClockUnknown = new("doctor.clock-unknown");
    public static readonly Msg DoctorBackupNever = new("doctor.backup-never");
    public static readonly Msg DoctorBackupOld = new("doctor.backup-old");
    public static readonly Msg DoctorBackupOk = new("doctor.backup-ok");
    public static readonly Msg DoctorCheckSites = new("doctor.check.sites");
    public static readonly Msg DoctorSitesOk = new("doctor.sites-ok");
    public static readonly Msg DoctorSitesOld = new("doctor.sites-old");
    public static readonly Msg DoctorFaults = new("doctor.faults");
    public static readonly Msg DatabaseNotMigrated = new("database.not-migrated");
    public static readonly Msg DatabaseConcurrentChange = new("database.concurrent-change");
    public static readonly Msg DatabaseDuplicate = new("database.duplicate");
    public static readonly Msg SettingTextLength = new("setting.text-length");
    public static readonly Msg SettingTagPrefix = new("setting.tag-prefix");
    public static readonly Msg SettingWholeNumber = new("setting.whole-number");
    public static readonly Msg UserExists = new("user.exists");
    public static readonly Msg UserLastAdmin = new("user.last-admin");
    public static readonly Msg UserDisableSelf = new("user.disable-self");
    public static readonly Msg UserTitleLong = new("user.title-long");
    public static readonly Msg UserPhone = new("user.phone");
    public static readonly Msg UserEmail = new("user.email");
    public static readonly Msg UserDemoteSelf = new("user.demote-self");
    public static readonly Msg UserName = new("user.name");
    public static readonly Msg UserPasswordTooShort = new("user.password-too-short");
    public static readonly Msg UserPasswordTooLong = new("user.password-too-long");
    public static readonly Msg UserMustChangePassword = new("user.must-change-password");
    public static readonly Msg UserLanguage = new("user.language");
    public static readonly Msg UserLanguageOffer = new("user.language-offer");
    public static readonly Msg UserLanguageOfferButton = new("user.language-offer-button");
    public static readonly Msg UserLanguageNameFi = new("user.language-name.fi");
    public static readonly Msg UserLanguageNameSv = new("user.language-name.sv");
    public static readonly Msg UserLanguageNameEn = new("user.language-name.en");
    public static readonly Msg AuthSignInFirst = new("auth.sign-in-first");
    public static readonly Msg AuthSessionEnded = new("auth.session-ended");
    public static readonly Msg AuthTokenUnknown = new("auth.token-unknown");
    public static readonly Msg AuthRoleNotAllowed = new("auth.role-not-allowed");
    public static readonly Msg AuthFormToken = new("auth.form-token");
    public static readonly Msg AuthOidcNoRole = new("auth.oidc-no-role");
    public static readonly Msg AuthOidcDisabled = new("auth.oidc-disabled");
    public static readonly Msg AuthOidcAudience = new("auth.oidc-audience");
    public static readonly Msg AuthOidcExpired = new("auth.oidc-expired");
    public static readonly Msg AuthOidcState = new("auth.oidc-state");
    public static readonly Msg AuthOidcUnreachable = new("auth.oidc-unreachable");
    public static readonly Msg AuthOidcDenied = new("auth.oidc-denied");
    public static readonly Msg AuthOidcFailed = new("auth.oidc-failed");
    public static readonly Msg ServerError = new("server.error");
    public static readonly Msg ProblemInvalid = new("problem.invalid");
    public static readonly Msg UploadTooLarge = new("upload.too-large");
    public static readonly Msg UploadBack = new("upload.back");
    public static readonly Msg ProblemNotFound = new("problem.not-found");
    public static readonly Msg ProblemConflict = new("problem.conflict");
    public static readonly Msg ProblemUnavailable = new("problem.unavailable");
    public static readonly Msg ProblemForbidden = new("problem.forbidden");
    public static readonly Msg ProblemSignIn = new("problem.sign-in");
    public static readonly Msg ProblemServerError = new("problem.server-error");
    public static readonly Msg ProblemFormToken = new("problem.form-token");
    public static readonly Msg UserPasswordFile = new("user.password-file");
    public static readonly Msg SettingSessionMinutes = new("setting.session-minutes");
    public static readonly Msg SettingTrustedProxy = new("setting.trusted-proxy");
    public static readonly Msg SettingOidcAuthority = new("setting.oidc-authority");
    public static readonly Msg SettingOidcClientId = new("setting.oidc-client-id");
    public static readonly Msg SettingOidcRole = new("setting.oidc-role");
    public static readonly Msg CliFormatNoPdf = new("cli.format-no-pdf");
    public static readonly Msg HardwareNoPrinter = new("hardware.no-printer");
    public static readonly Msg HardwareMaxAttempts = new("hardware.max-attempts");
    public static readonly Msg HardwareDefaultPrinter = new("hardware.default-printer");
    public static readonly Msg HardwareProfileUnknown = new("hardware.profile-unknown");
    public static readonly Msg HardwareProfileKind = new("hardware.profile-kind");
    public static readonly Msg ScanReturned = new("scan.returned");
    public static readonly Msg ScanLent = new("scan.lent");
    public static readonly Msg ScanBadgeFirst = new("scan.badge-first");
    public static readonly Msg ScanSessionExpired = new("scan.session-expired");
    public static readonly Msg ScanUnknownBadge = new("scan.unknown-badge");
    public static readonly Msg ScanBadgeNotStaff = new("scan.badge-not-staff");
    public static readonly Msg ScanSessionStarted = new("scan.session-started");
    public static readonly Msg ScanSessionEndedOne = new("scan.session-ended-one");
    public static readonly Msg ScanSessionEndedMany = new("scan.session-ended-many");
    public static readonly Msg ScanSessionIdle = new("scan.session-idle");
    public static readonly Msg ScanModeUnavailable = new("scan.mode-unavailable");
    public static readonly Msg ScanModeUnavailableBadge = new("scan.mode-unavailable-badge");
    public static readonly Msg ScanFeatureLoans = new("scan.feature-loans");
    public static readonly Msg ScanFeatureStocktakes = new("scan.feature-stocktakes");
    public static readonly Msg CameraNoCode = new("camera.no-code");
    public static readonly Msg CameraNotAPicture = new("camera.not-a-picture");
    public static readonly Msg CameraTooLarge = new("camera.too-large");
    public static readonly Msg CameraTooManyPixels = new("camera.too-many-pixels");
    public static readonly Msg CameraPhotoMissing = new("camera.photo-missing");
    public static readonly Msg CameraRead = new("camera.read");
    public static readonly Msg CameraReadAlone = new("camera.read-alone");
    public static readonly Msg CameraNotOurs = new("camera.not-ours");
    public static readonly Msg StocktakeNoneOpen = new("stocktake.none-open");
    public static readonly Msg StocktakeScanned = new("stocktake.scanned");
    public static readonly Msg StocktakeNotATag = new("stocktake.not-a-tag");
    public static readonly Msg StocktakeFound = new("stocktake.found");
    public static readonly Msg StocktakeNotRegistered = new("stocktake.not-registered");
    public static readonly Msg StocktakeMisplaced = new("stocktake.misplaced");
    public static readonly Msg StocktakeNoSite = new("stocktake.no-site");
    public static readonly Msg StocktakeRepeat = new("stocktake.repeat");
    public static readonly Msg ConfigNotJsonAt = new("config.not-json-at");
    public static readonly Msg ConfigNotJson = new("config.not-json");
    public static readonly Msg ConfigUnknownGuess = new("config.unknown-guess");
    public static readonly Msg ConfigUnknownList = new("config.unknown-list");
    public static readonly Msg ConfigWhatSetting = new("config.what-setting");
    public static readonly Msg ConfigWhatProfileKind = new("config.what-profile-kind");
    public static readonly Msg ConfigBinding = new("config.binding");
    public static readonly Msg ConfigSourceEnvironment = new("config.source-environment");
    public static readonly Msg ConfigSourceFile = new("config.source-file");
    public static readonly Msg ConfigSourceOther = new("config.source-other");
    public static readonly Msg ConfigSourceProfile = new("config.source-profile");
    public static readonly Msg ConfigSourceHardwareProfile = new("config.source-hardware-profile");
    public static readonly Msg HardwareProfileNoKind = new("hardware.profile-no-kind");
    public static readonly Msg HardwareProfileBothKinds = new("hardware.profile-both-kinds");
    public static readonly Msg HardwareBaud = new("hardware.baud");
    public static readonly Msg HardwareDataBits = new("hardware.data-bits");
    public static readonly Msg HardwareMaxLength = new("hardware.max-length");
    public static readonly Msg HardwareInterByte = new("hardware.inter-byte");
    public static readonly Msg HardwareDuplicateWindow = new("hardware.duplicate-window");
    public static readonly Msg HardwareStaffLoanDays = new("hardware.staff-loan-days");
    public static readonly Msg HardwareIdleSeconds = new("hardware.idle-seconds");
    public static readonly Msg HardwarePortTcp = new("hardware.port-tcp");
    public static readonly Msg HardwareLanguage = new("hardware.language");
    public static readonly Msg HardwareRendering = new("hardware.rendering");
    public static readonly Msg HardwareDpi = new("hardware.dpi");
    public static readonly Msg HardwareBrotherDpi = new("hardware.brother-dpi");
    public static readonly Msg HardwareMedia = new("hardware.media");
    public static readonly Msg HardwareStatusTimeout = new("hardware.status-timeout");
    public static readonly Msg HardwareWriteTimeout = new("hardware.write-timeout");
    public static readonly Msg HardwareTerminator = new("hardware.terminator");
    public static readonly Msg HardwareSeconds = new("hardware.seconds");
    public static readonly Msg HardwareNamesDiffer = new("hardware.names-differ");
    public static readonly Msg HardwareBadgePattern = new("hardware.badge-pattern");
    public static readonly Msg HardwareRegex = new("hardware.regex");
    public static readonly Msg HardwareRequired = new("hardware.required");
    public static readonly Msg HardwareScannerPort = new("hardware.scanner-port");
    public static readonly Msg HardwarePrinterName = new("hardware.printer-name");
    public static readonly Msg HardwarePrinterPort = new("hardware.printer-port");
    public static readonly Msg PrintCopies = new("print.copies");
    public static readonly Msg PrintTagMissing = new("print.tag-missing");
    public static readonly Msg PrintNotCancellable = new("print.not-cancellable");
    public static readonly Msg PrinterReady = new("printer.ready");
    public static readonly Msg PrinterFaults = new("printer.faults");
    public static readonly Msg PrinterFaultPaperOut = new("printer.fault.paper-out");
    public static readonly Msg PrinterFaultPaused = new("printer.fault.paused");
    public static readonly Msg PrinterFaultBufferFull = new("printer.fault.buffer-full");
    public static readonly Msg PrinterFaultCorruptRam = new("printer.fault.corrupt-ram");
    public static readonly Msg PrinterFaultUnderTemperature = new("printer.fault.under-temperature");
    public static readonly Msg PrinterFaultOverTemperature = new("printer.fault.over-temperature");
    public static readonly Msg PrinterFaultHeadOpen = new("printer.fault.head-open");
    public static readonly Msg PrinterFaultRibbonOut = new("printer.fault.ribbon-out");
    public static readonly Msg PrinterFaultCoverOpen = new("printer.fault.cover-open");
    public static readonly Msg PrinterFaultError = new("printer.fault.error");
    public static readonly Msg PrinterFaultNoMedia = new("printer.fault.no-media");
    public static readonly Msg PrinterFaultEndOfMedia = new("printer.fault.end-of-media");
    public static readonly Msg PrinterFaultCutterJam = new("printer.fault.cutter-jam");
    public static readonly Msg PrinterFaultWrongMedia = new("printer.fault.wrong-media");
    public static readonly Msg PrinterFaultCommunication = new("printer.fault.communication");
    public static readonly Msg PrinterFaultFeed = new("printer.fault.feed");
    public static readonly Msg PrinterWrongRoll = new("printer.wrong-roll");
    public static readonly Msg PrinterNoAnswer = new("printer.no-answer");
    public static readonly Msg PrinterNotUnderstood = new("printer.not-understood");
    public static readonly Msg PrinterNotConfigured = new("printer.not-configured");
    public static readonly Msg PrinterGaveUp = new("printer.gave-up");
    public static readonly Msg PrinterStoppedWhilePrinting = new("printer.stopped-while-printing");
    public static readonly Msg PrinterUnreachable = new("printer.unreachable");
    public static readonly Msg PrinterCannotReport = new("printer.cannot-report");
    public static readonly Msg ScannerPortMissing = new("scanner.port-missing");
    public static readonly Msg ScannerOpenFailed = new("scanner.open-failed");
    public static readonly Msg ScannerReadFailed = new("scanner.read-failed");
    public static readonly Msg ScannerDisappeared = new("scanner.disappeared");
    public static readonly Msg ScannerOtherNode = new("scanner.other-node");
    public static readonly Msg ServiceEmptyReport = new("service.empty-report");
    public static readonly Msg ServiceToken = new("service.token");
    public static readonly Msg ServiceNotAnswering = new("service.not-answering");
    public static readonly Msg LabelSize = new("label.size");
    public static readonly Msg LabelTooSmall = new("label.too-small");
    public static readonly Msg LabelTagMissing = new("label.tag-missing");
    public static readonly Msg DocumentBytes = new("document.bytes");
    public static readonly Msg DocumentSignatureImage = new("document.signature-image");
    public static readonly Msg DocumentCharacter = new("document.character");
    public static readonly Msg DocumentLoanPapers = new("document.loan-papers");
    public static readonly Msg TemplateName = new("template.name");
    public static readonly Msg TemplateLine = new("template.line");
    public static readonly Msg TemplateFrontMatterStart = new("template.front-matter-start");
    public static readonly Msg TemplateFrontMatterOpen = new("template.front-matter-open");
    public static readonly Msg TemplateVersion = new("template.version");
    public static readonly Msg TemplateTitle = new("template.title");
    public static readonly Msg TemplateStyle = new("template.style");
    public static readonly Msg TemplateCannotRead = new("template.cannot-read");
    public static readonly Msg TemplateUnknownPlaceholder = new("template.unknown-placeholder");
    public static readonly Msg TemplateUnknownPlaceholderLike = new("template.unknown-placeholder-like");
    public static readonly Msg TemplateBlockOpen = new("template.block-open");
    public static readonly Msg TemplateBlockStray = new("template.block-stray");
    public static readonly Msg TemplateBlockCrossed = new("template.block-crossed");
    public static readonly Msg TemplateMarkupOpen = new("template.markup-open");
    public static readonly Msg TemplateUnknownTag = new("template.unknown-tag");
    public static readonly Msg TemplateTagInvalid = new("template.tag-invalid");
    public static readonly Msg TemplateMarkupUnreadable = new("template.markup-unreadable");
    public static readonly Msg TemplateTitleMissing = new("template.title-missing");
    public static readonly Msg TemplateChangedMeanwhile = new("template.changed-meanwhile");
    public static readonly Msg TemplateAlreadyBuiltIn = new("template.already-built-in");
    public static readonly Msg StocktakeSiteMissing = new("stocktake.site-missing");
    public static readonly Msg StocktakeScannerBusy = new("stocktake.scanner-busy");
    public static readonly Msg StocktakeClosed = new("stocktake.closed");
    public static readonly Msg StocktakeCodeMissing = new("stocktake.code-missing");
    public static readonly Msg StocktakeAlreadyClosed = new("stocktake.already-closed");
    public static readonly Msg StocktakeNotClosed = new("stocktake.not-closed");
    public static readonly Msg AuditFromMissing = new("audit.from-missing");
    public static readonly Msg AuditToMissing = new("audit.to-missing");
    public static readonly Msg AuditPeriodReversed = new("audit.period-reversed");
    // Reminders by e-mail: a staff borrower's, and a counsellor's morning list (loan numbers and tags, no client data).
    public static readonly Msg SettingTime = new("setting.time");
    public static readonly Msg ReminderMailDueTomorrowSubject = new("reminder.mail.due-tomorrow.subject");
    public static readonly Msg ReminderMailDueTodaySubject = new("reminder.mail.due-today.subject");
    public static readonly Msg ReminderMailStaffBody = new("reminder.mail.staff.body");
    public static readonly Msg ReminderMailOverdueSubject = new("reminder.mail.overdue.subject");
    public static readonly Msg ReminderMailOverdueLine = new("reminder.mail.overdue.line");
    public static readonly Msg ReminderMailOverdueBody = new("reminder.mail.overdue.body");
    public static readonly Msg ReminderMailListPage = new("reminder.mail.list-page");
    // (end of the ids)
}
