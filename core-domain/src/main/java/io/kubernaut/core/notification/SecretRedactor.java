package io.kubernaut.core.notification;

import io.kubernaut.ports.in.RedactSecrets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Replaces secrets in free text by {@value #MASK}. The rules run in order, the most specific
 * shapes first (PEM blocks, credentials in URLs, signed-URL parameters, bearer headers, token
 * formats, Docker registry auth, Kubernetes env entries), then generic assignments whose name says
 * it holds a secret: {@code name=value}, {@code "name": "value"} (also JSON-escaped and
 * percent-encoded), whole YAML values (block scalars included) and command-line flags. Rules err on the side of redacting:
 * a false positive costs a word, a false negative a leak.
 *
 * <p>Each rule names the words (in lower case) of which its pattern cannot match without one, and
 * runs only on a text that holds one of them: most text (a notification's facts, an event message)
 * holds none and passes without a regex run (each rule costs a pass over the text; these passes
 * were a tenth of a remediation's reconcile CPU). What is replaced is the same: a text is checked
 * against the words as it stands before each rule.
 */
public final class SecretRedactor implements RedactSecrets {

  public static final String MASK = "[REDACTED]";

  /**
   * @param words lower-case words, one of which every match of {@code pattern} contains (its text
   *     lower-cased, ASCII letters being the only ones its case-insensitive matching folds); none: it
   *     always runs
   */
  private record Rule(Pattern pattern, String replacement, List<String> words) {
    String apply(String text) {
      return pattern.matcher(text).replaceAll(replacement);
    }

    boolean mayMatch(String lowerCase) {
      return words.isEmpty() || words.stream().anyMatch(lowerCase::contains);
    }
  }

  /**
   * Names that say a value is secret. Each must end the name (a {@code \b} follows), so
   * {@code password_policy}, {@code tokenizer} and {@code secretName} are not secrets.
   */
  private static final String SECRET_NAMES =
      "password|passwd|pwd|passphrase|(?<![a-z])pass|secret|token|api[_-]?key|apikey|access[_-]?key"
          + "|private[_-]?key|credentials?|auth[_-]?token|session[_-]?id|cookie|routing[_-]?key"
          + "|integration[_-]?key|service[_-]?key|account[_-]?key|shared[_-]?access[_-]?key"
          + "|sharedaccesssignature|signing[_-]?key|encryption[_-]?key|master[_-]?key|secret[_-]?key"
          + "|(?<![\\w.-])_auth|\\.dockerconfigjson|\\.dockercfg";

  /** A secret name at the end of a name made of word characters, dots and dashes. */
  private static final String SECRET_NAME = "[\\w.-]*?(?:" + SECRET_NAMES + ")";

  /** Words one of which every name of {@link #SECRET_NAMES} contains. */
  private static final List<String> SECRET_WORDS = List.of("pass", "pwd", "secret", "token", "key", "credential",
      "session", "cookie", "sharedaccesssignature", "_auth", ".dockerc");

  /** Query parameters of signed URLs (AWS SigV4 and SigV2, GCS, Azure SAS, CloudFront). */
  private static final String SIGNED_URL_PARAMS = "x-amz-signature|x-amz-credential|x-amz-security-token"
      + "|x-goog-signature|x-goog-credential|googleaccessid|sig|signature|awsaccesskeyid";
  /** Each of {@link #SIGNED_URL_PARAMS} with the {@code =} that follows it. */
  private static final List<String> SIGNED_URL_WORDS = java.util.Arrays.stream(SIGNED_URL_PARAMS.split("\\|"))
      .map(p -> p + "=").toList();

  private static final List<Rule> RULES = List.of(
      // PEM private keys, also when the END line was cut off.
      rule("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", MASK,
          List.of("private key-----")),
      // Credentials in URLs: scheme://user:pass@host and scheme://token@host.
      rule("(?i)\\b([a-z][a-z0-9+.-]*://)(?:[^/\\s:@\"'<>]+(?::[^/\\s@\"'<>]*)?|:[^/\\s@\"'<>]+)@", "$1" + MASK + "@",
          List.of("://")),
      // Slack webhook paths are the credential.
      rule("(?i)(hooks\\.slack\\.com/(?:services|workflows|triggers)/)[A-Za-z0-9/_-]+", "$1" + MASK,
          List.of("hooks.slack.com/")),
      // Signed URL parameters: the signature and the credential are the secret.
      rule("(?i)([?&;](?:" + SIGNED_URL_PARAMS + ")=)(?!\\[REDACTED\\])[^&\\s\"'<>#]+", "$1" + MASK, SIGNED_URL_WORDS),
      // Authorization headers and bearer/basic credentials.
      rule("(?i)\\b(authorization\\s*[:=]\\s*)(?:\"[^\"]*\"|'[^']*'|(?:bearer|basic|token|digest)\\s+\\S+|\\S+)",
          "$1" + MASK, List.of("authorization")),
      rule("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}", "$1 " + MASK, List.of("bearer", "basic")),
      // JSON Web Tokens.
      rule("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*", MASK, List.of("eyj")),
      // Token formats: Slack, GitHub, GitLab, OpenAI-style, Google, Stripe, Vault, npm, Hugging Face, SendGrid.
      rule("\\bxox[abposr]-[A-Za-z0-9-]{10,}", MASK, List.of("xox")),
      rule("\\bxapp-[A-Za-z0-9-]{10,}", MASK, List.of("xapp-")),
      rule("\\bgh[pousr]_[A-Za-z0-9]{30,}", MASK, List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
      rule("\\bgithub_pat_[A-Za-z0-9_]{40,}", MASK, List.of("github_pat_")),
      rule("\\bglpat-[A-Za-z0-9_-]{20,}", MASK, List.of("glpat-")),
      rule("\\bsk-(?:proj-|live-|test-|ant-)?[A-Za-z0-9_-]{20,}", MASK, List.of("sk-")),
      rule("\\bAIza[0-9A-Za-z_-]{35}", MASK, List.of("aiza")),
      rule("\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}", MASK, List.of("_live_", "_test_")),
      rule("\\bwhsec_[A-Za-z0-9]{16,}", MASK, List.of("whsec_")),
      rule("\\bhv[sbr]\\.[A-Za-z0-9_-]{24,}", MASK, List.of("hvs.", "hvb.", "hvr.")),
      rule("\\bs\\.[A-Za-z0-9]{24}\\b", MASK, List.of("s.")),
      rule("\\bnpm_[A-Za-z0-9]{36}\\b", MASK, List.of("npm_")),
      rule("\\bhf_[A-Za-z0-9]{30,}", MASK, List.of("hf_")),
      rule("\\bSG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}", MASK, List.of("sg.")),
      // AWS access key ids, and secret keys assigned to an AWS-looking name.
      rule("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b", MASK,
          List.of("akia", "asia", "agpa", "aida", "aroa", "anpa", "anva", "aipa")),
      rule("(?i)(aws[_-]?secret[_-]?(?:access[_-]?)?key[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9/+=]{40}", "$1" + MASK,
          List.of("aws")),
      // A Docker config, base64-encoded ({"auths": ...) or its "auth" entries in the clear.
      rule("\\beyJhdXRocyI6[A-Za-z0-9+/=]*", MASK, List.of("eyjhdxrocyi6")),
      rule("(?i)(\\\\?[\"']auth\\\\?[\"']\\s*:\\s*)(\\\\?[\"'])(?!\\[REDACTED\\])(?:[^\"'\\\\]++|\\\\(?![\"']))*+\\2",
          "$1$2" + MASK + "$2", List.of("auth")),
      // Kubernetes env entries: {"name": "DB_PASSWORD", "value": "..."} and the YAML form.
      rule("(?i)(\\\\?\"name\\\\?\"\\s*:\\s*\\\\?\"" + SECRET_NAME + "\\\\?\"\\s*,\\s*\\\\?\"value\\\\?\"\\s*:\\s*)"
          + "(\\\\?\")(?:[^\"\\\\]++|\\\\(?!\"))*+\\2", "$1$2" + MASK + "$2", List.of("value")),
      rule("(?im)(\\bname\\s*:\\s*[\"']?" + SECRET_NAME + "[\"']?[ \\t]*\\r?\\n[ \\t]*value\\s*:[ \\t]*)"
          + "(?!\\[REDACTED\\])(\"[^\"\\n]*\"|'[^'\\n]*'|[^\\s\"'][^\\n]*?)[ \\t]*$", "$1" + MASK, List.of("value")),
      // \"name\": \"value\" in JSON that was itself put into a JSON string.
      rule("(?i)(\\\\\"" + SECRET_NAME + "\\\\\"\\s*:\\s*)\\\\\"(?:[^\"\\\\]++|\\\\(?!\"))*+\\\\\"",
          "$1\\\\\"" + MASK + "\\\\\"", SECRET_WORDS),
      // Percent-encoded pairs: password%3Dvalue, %22password%22%3A%22value%22.
      rule("(?i)(" + SECRET_NAME + "(?:%22)?(?:%3D|%3A)(?:%20)*+(?:%22)?+)(?!%5BREDACTED|\\[REDACTED)"
          + "(?:%(?!2[26]|3B)[0-9a-f]{2}|[^\\s%&\"'<>,;]++)++", "$1" + MASK, List.of("%3d", "%3a")),
      // A YAML block scalar (| or >, with chomping or indentation indicators) under a secret name: every indented line.
      rule("(?im)^([ \\t]*(?:-[ \\t]+)?[\"']?" + SECRET_NAME + "[\"']?[ \\t]*:[ \\t]*[|>][+-]?\\d?[+-]?[ \\t]*"
          + "(?:#[^\\n]*)?\\r?\\n)(?:[ \\t]*\\r?\\n)*([ \\t]+)(?!\\[REDACTED\\])\\S[^\\n]*"
          + "(?:\\r?\\n(?:\\2[^\\n]*|[ \\t]*(?=\\r?\\n)))*+", "$1$2" + MASK, SECRET_WORDS),
      // A YAML or env-file line whose key names a secret: the rest of the line (up to a query's &) is the value.
      rule("(?im)^([ \\t]*(?:-[ \\t]+)?[\"']?" + SECRET_NAME + "[\"']?[ \\t]*[:=][ \\t]*)"
          + "(?![\"'\\[|>{]|\\[REDACTED\\])(\\S[^\\n&]*?)[ \\t]*(?=&|$)", "$1" + MASK, SECRET_WORDS),
      // Command-line flags: --password "a b", --token abc (an unquoted value that is a plain word of letters stays).
      rule("(?i)((?<![\\w-])--?(?:[\\w-]*[_-])?(?:password|passwd|pass|token|secret|api-?key|client-secret)[ \\t]+)"
          + "(?!\\[REDACTED\\])(\"[^\"]*\"|'[^']*'|(?=\\S*[^a-z\\s])[^\\s\"'-]\\S*)", "$1" + MASK,
          List.of("pass", "token", "secret", "apikey", "api-key")),
      // "name": "value" (JSON/YAML, quoted value) and "name": 1234 (JSON number) where the name says secret.
      rule("(?i)([\"']?" + SECRET_NAME + "[\"']?\\s*[:=]\\s*)(\"(?:[^\"\\\\]++|\\\\.)*+\"|'[^']*'|(?<=[\"']\\s?[:=]\\s?)-?\\d[\\d.]*\\b)",
          "$1\"" + MASK + "\"", SECRET_WORDS),
      // name=value and name: value, unquoted, where the name says secret.
      rule("(?i)(\\b" + SECRET_NAME + "\\b\\s*[:=]\\s*)(?!\\[REDACTED\\]|\")([^\\s,;&\"'<>}\\]]+)",
          "$1" + MASK, SECRET_WORDS));

  private static Rule rule(String regex, String replacement, List<String> words) {
    return new Rule(Pattern.compile(regex), replacement, words);
  }

  @Override
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    try {
      return redactAll(text);
    } catch (StackOverflowError tooDeep) {
      // Java's regex engine recurses once per repetition of some groups: a long hostile text (thousands of escapes in a
      // quoted secret, say) could exhaust the stack. What cannot be checked is withheld whole, never passed on unread.
      return MASK + " (" + text.length() + " characters withheld: the text could not be checked for secrets)";
    }
  }

  private String redactAll(String text) {
    String out = text;
    String lowerCase = text.toLowerCase(Locale.ROOT);
    for (Rule rule : RULES) {
      if (rule.mayMatch(lowerCase)) {
        String next = rule.apply(out);
        if (!next.equals(out)) {
          out = next;
          lowerCase = out.toLowerCase(Locale.ROOT);
        }
      }
    }
    return out;
  }

  /** What {@link #redact} gives when every rule runs on every text (for the tests that pin the words). */
  String redactRunningEveryRule(String text) {
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
