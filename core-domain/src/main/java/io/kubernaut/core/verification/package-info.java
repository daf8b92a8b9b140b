/**
 * Verification after a workflow ran: the checks an alert has ({@link
 * io.kubernaut.core.verification.CheckSelector}, with the shipped family checks), their PromQL
 * filled and escaped from the target ({@link io.kubernaut.core.verification.QueryFiller}), and the
 * judgement from the measurements and the alert's state ({@link
 * io.kubernaut.core.verification.VerificationJudge}). Pure: no I/O, no wall clock.
 */
package io.kubernaut.core.verification;
