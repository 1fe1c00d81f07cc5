using CsCheck;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>
/// The delivery policy alone, with no app: every branch of the retry schedule, Retry-After, 410 Gone, the last
/// attempt, auto-disable and cancellation. (The same rules through real HTTP and both databases: WebhookRetryTests,
/// WebhookAutoDisableTests.)
/// </summary>
public sealed class WebhookDeliveryPolicyTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Due = Now - TimeSpan.FromMinutes(3); // the delivery's nextAttemptAt as it was claimed
    private static readonly WebhookOptions Options = new();
    private static readonly WebhookFailureState Active = new(true, null, Now - TimeSpan.FromHours(1), 1);
    private static int LastAttempt => WebhookOptions.RetrySchedule.Length + 1;

    public static TheoryData<int> RetriedAttempts => new(Enumerable.Range(1, WebhookOptions.RetrySchedule.Length));

    [Fact]
    public void TheSchedule_Is5s_5min_30min_2h_5h_10h_10h_AfterTheFirstAttempt()
    {
        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
                TimeSpan.FromHours(10), TimeSpan.FromHours(10)],
            WebhookOptions.RetrySchedule);
    }

    [Theory]
    [MemberData(nameof(RetriedAttempts))]
    public void AFailedAttemptBeforeTheLast_StaysPending_ItsStepOfTheScheduleLater_From80To120Percent(int number)
    {
        var planned = WebhookOptions.RetrySchedule[number - 1];

        var soonest = Decide(Failed(number, 500), Active, jitter: 0);
        var middle = Decide(Failed(number, 500), Active, jitter: 0.5);
        var latest = Decide(Failed(number, 500), Active, jitter: 1);

        Assert.Equal(Now + (planned * 0.8), soonest.NextAttemptAt);
        Assert.Equal(Now + planned, middle.NextAttemptAt);
        Assert.Equal(Now + (planned * 1.2), latest.NextAttemptAt);
        Assert.All([soonest, middle, latest], d =>
        {
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.Null(d.CompletedAt);
            Assert.Null(d.Disable);
            Assert.Null(d.CancelReason);
        });
    }

    [Fact]
    public void AnyJitter_KeepsTheRetryWithin20PercentOfItsStep_AndNeverEarlierThan80Percent()
    {
        // Any failing status but 410 (without Retry-After), any attempt that is retried, any jitter.
        Gen.Select(Gen.Int[1, WebhookOptions.RetrySchedule.Length], Gen.Double[0, 1], Gen.Int[300, 599].Where(s => s != 410))
            .Sample((number, jitter, status) =>
            {
                var planned = WebhookOptions.RetrySchedule[number - 1];
                var decision = Decide(Failed(number, status), Active, jitter);
                Assert.Equal(DeliveryStatus.Pending, decision.Status);
                Assert.InRange(decision.NextAttemptAt, Now + (planned * 0.8), Now + (planned * 1.2));
            });
    }

    [Fact]
    public void AFailureWithoutAResponse_TimeoutOrRefused_IsRetriedOnTheSameSchedule()
    {
        foreach (var kind in new[] { "timeout", "connection", "tls", "not_allowed" })
        {
            var outcome = Failed(2, null) with { ErrorKind = kind };
            var decision = Decide(outcome, Active, jitter: 0.5);
            Assert.Equal(DeliveryStatus.Pending, decision.Status);
            Assert.Equal(Now + WebhookOptions.RetrySchedule[1], decision.NextAttemptAt);
        }
    }

    [Fact]
    public void TheLastAttemptFailing_FailsTheDelivery_AndKeepsItsNextAttemptTime()
    {
        var decision = Decide(Failed(LastAttempt, 500), Active, jitter: 0.5);

        Assert.Equal(DeliveryStatus.Failed, decision.Status);
        Assert.Equal(Now, decision.CompletedAt);
        Assert.Equal(Due, decision.NextAttemptAt);
        Assert.Null(decision.Disable);
        Assert.Null(decision.CancelReason);
    }

    [Fact]
    public void ASuccess_EndsTheDeliverySucceeded_AtAnyAttempt_ButNothingElse()
    {
        foreach (var number in new[] { 1, 4, LastAttempt })
        {
            var decision = Decide(Succeeded(number), new WebhookFailureState(true, null, Now - TimeSpan.FromDays(9), 40), jitter: 0.5);
            Assert.Equal(new DeliveryDecision(DeliveryStatus.Succeeded, Due, Now, null, null), decision);
        }
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void RetryAfterOnA429Or503_LongerThanTheStep_IsHonoured(int status)
    {
        var decision = Decide(Failed(1, status) with { RetryAfter = TimeSpan.FromSeconds(600) }, Active, jitter: 1);

        Assert.Equal(DeliveryStatus.Pending, decision.Status);
        Assert.Equal(Now + TimeSpan.FromSeconds(600), decision.NextAttemptAt);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void RetryAfterOnA429Or503_ShorterThanTheStep_OrInThePast_NeverBringsTheRetryForward(int status)
    {
        var planned = WebhookOptions.RetrySchedule[3];
        foreach (var retryAfter in new[] { TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromMinutes(-5) })
        {
            var decision = Decide(Failed(4, status) with { RetryAfter = retryAfter }, Active, jitter: 0);
            Assert.Equal(Now + (planned * 0.8), decision.NextAttemptAt);
        }
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void RetryAfterBeyondTheBound_WaitsOnlyTheBound_OneHourByDefault(int status)
    {
        Assert.Equal(3600, new WebhookOptions().MaxRetryAfterSeconds);
        foreach (var retryAfter in new[] { TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1), TimeSpan.FromDays(3), TimeSpan.MaxValue })
        {
            var decision = Decide(Failed(1, status) with { RetryAfter = retryAfter }, Active, jitter: 1);
            Assert.Equal(Now + TimeSpan.FromHours(1), decision.NextAttemptAt);
        }

        var bounded = WebhookDeliveryPolicy.Decide(Failed(1, status) with { RetryAfter = TimeSpan.FromHours(2) }, Active, Due,
            new WebhookOptions { MaxRetryAfterSeconds = 600 }, Now, 0.5);
        Assert.Equal(Now + TimeSpan.FromSeconds(600), bounded.NextAttemptAt);
    }

    [Fact]
    public void TheBound_NeverCutsTheSchedulesOwnStep()
    {
        var planned = WebhookOptions.RetrySchedule[4]; // 5 h, longer than the 1 h bound
        var decision = Decide(Failed(5, 503) with { RetryAfter = TimeSpan.FromHours(10) }, Active, jitter: 0.5);

        Assert.Equal(Now + planned, decision.NextAttemptAt);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(400)]
    public void RetryAfterOnOtherStatuses_IsIgnored(int status)
    {
        var decision = Decide(Failed(1, status) with { RetryAfter = TimeSpan.FromHours(3) }, Active, jitter: 0.5);

        Assert.Equal(Now + WebhookOptions.RetrySchedule[0], decision.NextAttemptAt);
    }

    [Fact]
    public void RetryAfterOnTheLastAttempt_DoesNotKeepTheDeliveryAlive()
    {
        var decision = Decide(Failed(LastAttempt, 503) with { RetryAfter = TimeSpan.FromMinutes(1) }, Active, jitter: 0.5);

        Assert.Equal(DeliveryStatus.Failed, decision.Status);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void A410Gone_FailsTheDelivery_AndDisablesAnActiveWebhookForGone_AtAnyAttempt(int number)
    {
        var decision = Decide(Failed(number, 410), Active, jitter: 0.5);

        Assert.Equal(new DeliveryDecision(DeliveryStatus.Failed, Due, Now, WebhookDisabledReason.Gone, null), decision);
    }

    [Fact]
    public void A410Gone_FromAWebhookFailingTooLongAlready_DisablesItForGone_NotFailing()
    {
        var decision = Decide(Failed(3, 410), new WebhookFailureState(true, null, Now - TimeSpan.FromDays(6), 12), jitter: 0.5);

        Assert.Equal(WebhookDisabledReason.Gone, decision.Disable);
        Assert.Equal(DeliveryStatus.Failed, decision.Status);
    }

    [Theory]
    [InlineData(WebhookDisabledReason.Manual)]
    [InlineData(WebhookDisabledReason.Failing)]
    [InlineData(WebhookDisabledReason.Gone)]
    public void A410Gone_FromAWebhookThatIsOffAlready_FailsTheDelivery_AndDisablesNothing(WebhookDisabledReason reason)
    {
        var decision = Decide(Failed(2, 410), new WebhookFailureState(false, reason, Now - TimeSpan.FromDays(6), 12), jitter: 0.5);

        Assert.Equal(new DeliveryDecision(DeliveryStatus.Failed, Due, Now, null, null), decision);
    }

    [Fact]
    public void TheTenthFailureInARow_AfterFiveDays_DisablesTheWebhookForFailing_AndFailsTheDeliveryInsteadOfRetrying()
    {
        var decision = Decide(Failed(2, 500), new WebhookFailureState(true, null, Now - TimeSpan.FromDays(5), 10), jitter: 0.5);

        Assert.Equal(WebhookDisabledReason.Failing, decision.Disable);
        Assert.Equal(DeliveryStatus.Failed, decision.Status);
        Assert.Equal(Now, decision.CompletedAt);
        Assert.Null(decision.CancelReason);
    }

    [Fact]
    public void TheNinthFailureInARow_AfterFiveDays_LeavesTheWebhookActive_AndRetries()
    {
        var decision = Decide(Failed(2, 500), new WebhookFailureState(true, null, Now - TimeSpan.FromDays(5), 9), jitter: 0.5);

        Assert.Null(decision.Disable);
        Assert.Equal(DeliveryStatus.Pending, decision.Status);
        Assert.Equal(Now + WebhookOptions.RetrySchedule[1], decision.NextAttemptAt);
    }

    [Fact]
    public void ManyFailuresInARow_ForAMinuteLessThanFiveDays_LeaveTheWebhookActive()
    {
        var decision = Decide(Failed(2, 500), new WebhookFailureState(true, null, Now - TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1), 300), jitter: 0.5);

        Assert.Null(decision.Disable);
        Assert.Equal(DeliveryStatus.Pending, decision.Status);
    }

    [Fact]
    public void TheDisableThresholds_ComeFromTheOptions()
    {
        var options = new WebhookOptions { DisableAfterDays = 1, DisableAfterFailures = 3 };
        var state = new WebhookFailureState(true, null, Now - TimeSpan.FromDays(1), 3);

        Assert.Equal(WebhookDisabledReason.Failing, WebhookDeliveryPolicy.Decide(Failed(1, 500), state, Due, options, Now, 0.5).Disable);
        Assert.Null(WebhookDeliveryPolicy.Decide(Failed(1, 500), state with { ConsecutiveFailures = 2 }, Due, options, Now, 0.5).Disable);
        Assert.Null(Decide(Failed(1, 500), state, jitter: 0.5).Disable); // the defaults: 5 days, 10 failures
    }

    [Fact]
    public void TheLastAttempt_AsTheTenthFailureAfterFiveDays_FailsTheDelivery_AndDisablesTheWebhook()
    {
        var decision = Decide(Failed(LastAttempt, 500), new WebhookFailureState(true, null, Now - TimeSpan.FromDays(7), 15), jitter: 0.5);

        Assert.Equal(new DeliveryDecision(DeliveryStatus.Failed, Due, Now, WebhookDisabledReason.Failing, null), decision);
    }

    [Theory]
    [InlineData(WebhookDisabledReason.Failing, DeliveryCancelReason.Failing)]
    [InlineData(WebhookDisabledReason.Gone, DeliveryCancelReason.Gone)]
    public void AFailureOfAWebhookAutoDisabledWhileTheAttemptWasOut_IsCancelledForTheSameReason_NotRetried(WebhookDisabledReason off,
        DeliveryCancelReason cancel)
    {
        var decision = Decide(Failed(3, 500), new WebhookFailureState(false, off, Now - TimeSpan.FromDays(6), 14), jitter: 0.5);

        Assert.Equal(DeliveryStatus.Cancelled, decision.Status);
        Assert.Equal(cancel, decision.CancelReason);
        Assert.Null(decision.CompletedAt);
        Assert.Null(decision.Disable);
    }

    [Fact]
    public void AFailureOfAWebhookPausedByHand_StaysPending_ForWhenItResumes()
    {
        var decision = Decide(Failed(3, 500), new WebhookFailureState(false, WebhookDisabledReason.Manual, Now - TimeSpan.FromDays(6), 14), jitter: 0.5);

        Assert.Equal(DeliveryStatus.Pending, decision.Status);
        Assert.Equal(Now + WebhookOptions.RetrySchedule[2], decision.NextAttemptAt);
        Assert.Null(decision.CancelReason);
        Assert.Null(decision.Disable); // a webhook that is off is never disabled again
    }

    [Fact]
    public void TheLastAttemptOfAWebhookAutoDisabledMeanwhile_EndsFailed_NotCancelled()
    {
        var decision = Decide(Failed(LastAttempt, 500), new WebhookFailureState(false, WebhookDisabledReason.Failing, Now - TimeSpan.FromDays(6), 14), jitter: 0.5);

        Assert.Equal(DeliveryStatus.Failed, decision.Status);
        Assert.Null(decision.CancelReason);
    }

    [Theory]
    [InlineData(WebhookDisabledReason.Failing, DeliveryCancelReason.Failing)]
    [InlineData(WebhookDisabledReason.Gone, DeliveryCancelReason.Gone)]
    [InlineData(WebhookDisabledReason.Manual, null)]
    [InlineData(null, null)]
    public void ADeliveryNotSent_IsCancelledOnlyWhenItsWebhookWasAutoDisabled(WebhookDisabledReason? off, DeliveryCancelReason? cancel)
    {
        Assert.Equal(cancel, WebhookDeliveryPolicy.CancelReasonFor(off));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void AJitterSampleOutside0To1_IsRefused(double jitter)
    {
        Assert.ThrowsAny<ArgumentException>(() => Decide(Failed(1, 500), Active, jitter));
    }

    private static DeliveryDecision Decide(AttemptOutcome outcome, WebhookFailureState webhook, double jitter) =>
        WebhookDeliveryPolicy.Decide(outcome, webhook, Due, Options, Now, jitter);

    private static AttemptOutcome Failed(int number, int? status) =>
        new(number, Now - TimeSpan.FromSeconds(1), 120, status, status is null ? "connection" : "status", null, false, null);

    private static AttemptOutcome Succeeded(int number) => new(number, Now - TimeSpan.FromSeconds(1), 80, 204, null, null, true, null);
}
