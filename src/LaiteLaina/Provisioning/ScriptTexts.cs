namespace LaiteLaina.Provisioning;

/// <summary>
/// The lines of the scripts in scripts/adb as messages. The scripts speak English (a volunteer also runs them by hand),
/// and each line they print is one of the English catalog texts below with its values filled in; reading the line
/// back against those texts (<see cref="EnglishMessages"/>) gives the id and the values, so the board shows it in the
/// reader's language. A line no text matches (a script changed without its catalog entry) is kept as it is, and
/// <c>ScriptTextTests</c> checks that every line the scripts can print has its entry.
/// </summary>
public static class ScriptTexts
{
    public static readonly IReadOnlyList<Msg> All =
    [
        Msg.ProvisioningSayConnecting, Msg.ProvisioningSayReadingIdentity, Msg.ProvisioningSayGetpropFailed, Msg.ProvisioningSayNoSerial,
        Msg.ProvisioningSayIdentified, Msg.ProvisioningSayDisconnectedWork, Msg.ProvisioningSayUnauthorized, Msg.ProvisioningSayNoLongerConnected,
        Msg.ProvisioningSayDisconnectedCommand, Msg.ProvisioningSayShellPartial, Msg.ProvisioningSayRecoveryMode, Msg.ProvisioningSayStateToAdb,
        Msg.ProvisioningSayNotConnected, Msg.ProvisioningSayOtherState, Msg.ProvisioningSayProfileMissing, Msg.ProvisioningSayProfileUnreadable,
        Msg.ProvisioningSayNoJq, Msg.ProvisioningSayProfileInvalid, Msg.ProvisioningSayProfileEmpty, Msg.ProvisioningSayReadingPrecheck,
        Msg.ProvisioningSayBattery, Msg.ProvisioningSayBatteryUnreadable, Msg.ProvisioningSayBatteryLow, Msg.ProvisioningSayAndroidVersion,
        Msg.ProvisioningSayAndroidTooOld, Msg.ProvisioningSayAccounts, Msg.ProvisioningSayGoogleAccount, Msg.ProvisioningSayOwnerAccounts,
        Msg.ProvisioningSayLockScreen, Msg.ProvisioningSayScreenLocked, Msg.ProvisioningSayLockKept, Msg.ProvisioningSayPrecheckOk,
        Msg.ProvisioningSayCardMissing, Msg.ProvisioningSayApkMissing, Msg.ProvisioningSayInstalling, Msg.ProvisioningSayInstallFailed,
        Msg.ProvisioningSaySettings, Msg.ProvisioningSaySettingFailed, Msg.ProvisioningSayPushingCard, Msg.ProvisioningSayCardFailed,
        Msg.ProvisioningSayDisabling, Msg.ProvisioningSayDisableFailed, Msg.ProvisioningSayProvisioned, Msg.ProvisioningSayProvisionedCard,
        Msg.ProvisioningSayReadingVerify, Msg.ProvisioningSayUsers, Msg.ProvisioningSayApps, Msg.ProvisioningSayPhotos,
        Msg.ProvisioningSaySetupState, Msg.ProvisioningSayProfileApps, Msg.ProvisioningSayDisabledPackages, Msg.ProvisioningSayVerifyFailed,
        Msg.ProvisioningSayVerified, Msg.ProvisioningSayBackAfter, Msg.ProvisioningSayBackUnauthorized, Msg.ProvisioningSayUnauthorizedHelp,
        Msg.ProvisioningSayInRecovery, Msg.ProvisioningSayRecoveryWipe, Msg.ProvisioningSayWaitingRestart, Msg.ProvisioningSayTabletState,
        Msg.ProvisioningSayBackUnauthorizedAct, Msg.ProvisioningSayStillRecovery, Msg.ProvisioningSayNotBack, Msg.ProvisioningSayNoRestartWithin,
        Msg.ProvisioningSayStartingReset, Msg.ProvisioningSayLockRefused, Msg.ProvisioningSayNoTestHarness, Msg.ProvisioningSayTestHarnessFailed,
        Msg.ProvisioningSayResetRunning, Msg.ProvisioningSayResetStarted, Msg.ProvisioningSayToRecovery, Msg.ProvisioningSayRecoveryFailed,
        Msg.ProvisioningSayRecoverySteps, Msg.ProvisioningSayRecoveryWaiting, Msg.ProvisioningSayReadingUsers, Msg.ProvisioningSayRemovingUser,
        Msg.ProvisioningSayRemoveUserFailed, Msg.ProvisioningSayEmptyingFiles, Msg.ProvisioningSayCreatingUser, Msg.ProvisioningSayCreateUserFailed,
        Msg.ProvisioningSayUsersReset, Msg.ProvisioningSayCustomEmpty, Msg.ProvisioningSayCustomRunning, Msg.ProvisioningSayCustomFailed,
        Msg.ProvisioningSayCustomDone, Msg.ProvisioningSayUnknownMethod, Msg.ProvisioningSayProof, Msg.ProvisioningSayRecordingBefore,
        Msg.ProvisioningSayCanaryFailed, Msg.ProvisioningSayNoAndroidId, Msg.ProvisioningSayRecordFailed,
        Msg.ProvisioningSayTestHarnessHandover, Msg.ProvisioningSaySingleUser, Msg.ProvisioningSayTestHarnessUndone, Msg.ProvisioningSayTestHarnessSettings,
        Msg.ProvisioningSaySamsungAccount, Msg.ProvisioningSayPatchOld, Msg.ProvisioningSayCardUnreachable, Msg.ProvisioningSayStartingUser,
        Msg.ProvisioningSayStartUserFailed, Msg.ProvisioningSayBorrowerGone, Msg.ProvisioningSayBorrowerUnknown,
    ];

    private static readonly EnglishMessages Texts = new(All);

    /// <summary>The script's line as a message; a value that is itself a script's sentence (the reason inside "the
    /// tablet disconnected in the middle of the work (...)") becomes a message too.</summary>
    public static Message Of(string text) => Match(text) ?? Msg.ProvisioningScriptSaid.With(text);

    public static Message? Match(string text) => Texts.Match(text);
}
