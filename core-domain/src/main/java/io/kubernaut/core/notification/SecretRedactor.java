package io.kubernaut.core.notification;

import io.kubernaut.ports.in.RedactSecrets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Replaces secrets in free text by {@value #MASK}. The rules run in order, the most specific
 * shapes first (PEM blocks, credentials in URLs, bearer headers, token formats), then generic
 * {@code name=value} and {@code "name": "value"} assignments whose name says it holds a secret.
 * Rules err on the side of redacting: a false positive costs a word, a false negative a leak.
 */
public final class SecretRedactor implements RedactSecrets {

  public static final String MASK = "[REDACTED]";

  private record Rule(Pattern pattern, String replacement) {
    String apply(String text) {
      return pattern.matcher(text).replaceAll(replacement);
    }
  }

  private static final String SECRET_NAMES =
      "password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key"
          + "|credentials?|auth[_-]?token|session[_-]?id|cookie";

  private static final List<Rule> RULES = List.of(
      // PEM private keys, also when the END line was cut off.
      rule("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", MASK),
      // Credentials in URLs: scheme://user:pass@host and scheme://token@host.
      rule("(?i)\\b([a-z][a-z0-9+.-]*://)(?:[^/\\s:@\"'<>]+(?::[^/\\s@\"'<>]*)?|:[^/\\s@\"'<>]+)@", "$1" + MASK + "@"),
      // Slack webhook paths are the credential.
      rule("(?i)(hooks\\.slack\\.com/(?:services|workflows|triggers)/)[A-Za-z0-9/_-]+", "$1" + MASK),
      // Authorization headers and bearer/basic credentials.
      rule("(?i)\\b(authorization\\s*[:=]\\s*)(?:\"[^\"]*\"|'[^']*'|(?:bearer|basic|token|digest)\\s+\\S+|\\S+)", "$1" + MASK),
      rule("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}", "$1 " + MASK),
      // JSON Web Tokens.
      rule("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*", MASK),
      // Slack, GitHub, GitLab, OpenAI-style and Google API tokens.
      rule("\\bxox[abposr]-[A-Za-z0-9-]{10,}", MASK),
      rule("\\bxapp-[A-Za-z0-9-]{10,}", MASK),
      rule("\\bgh[pousr]_[A-Za-z0-9]{30,}", MASK),
      rule("\\bgithub_pat_[A-Za-z0-9_]{40,}", MASK),
      rule("\\bglpat-[A-Za-z0-9_-]{20,}", MASK),
      rule("\\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{20,}", MASK),
      rule("\\bAIza[0-9A-Za-z_-]{35}", MASK),
      // AWS access key ids, and secret keys assigned to an AWS-looking name.
      rule("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b", MASK),
      rule("(?i)(aws[_-]?secret[_-]?(?:access[_-]?)?key[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9/+=]{40}", "$1" + MASK),
      // "name": "value" (JSON/YAML, quoted value) where the name says secret.
      rule("(?i)([\"']?[\\w.-]*?(?:" + SECRET_NAMES + ")[\"']?\\s*[:=]\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*')",
          "$1\"" + MASK + "\""),
      // name=value and name: value, unquoted, where the name says secret.
      rule("(?i)(\\b[\\w.-]*?(?:" + SECRET_NAMES + ")\\b\\s*[:=]\\s*)(?!\\[REDACTED\\]|\")([^\\s,;&\"'<>}\\]]+)",
          "$1" + MASK));

  private static Rule rule(String regex, String replacement) {
    return new Rule(Pattern.compile(regex), replacement);
  }

  @Override
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String out = text;
    for (Rule rule : RULES) {
      out = rule.apply(out);
    }
    return out;
  }

  /** Whether the text contains anything this redactor would replace. */
  public boolean containsSecret(String text) {
    return text != null && !redact(text).equals(text);
  }
}
