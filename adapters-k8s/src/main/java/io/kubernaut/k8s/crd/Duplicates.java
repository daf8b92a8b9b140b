package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The duplicate counter the gateway keeps on an active AlertRemediation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Duplicates {
  @JsonPropertyDescription("Signals with the same fingerprint received after the first, while it was active.")
  private Long count;

  @JsonPropertyDescription("When the first signal arrived (RFC 3339).")
  private String firstSeen;

  @JsonPropertyDescription("When the latest duplicate arrived (RFC 3339).")
  private String lastSeen;

  @JsonPropertyDescription("The last write of each gateway process that counted duplicates here (its id to the "
      + "number of that write), so that a write whose answer was lost is not counted twice.")
  private java.util.Map<String, Long> flushedBy;

  public Duplicates() {}

  public Duplicates(Long count, String firstSeen, String lastSeen) {
    this.count = count;
    this.firstSeen = firstSeen;
    this.lastSeen = lastSeen;
  }

  public Long getCount() { return count; }
  public void setCount(Long count) { this.count = count; }
  public String getFirstSeen() { return firstSeen; }
  public void setFirstSeen(String firstSeen) { this.firstSeen = firstSeen; }
  public String getLastSeen() { return lastSeen; }
  public void setLastSeen(String lastSeen) { this.lastSeen = lastSeen; }
  public java.util.Map<String, Long> getFlushedBy() { return flushedBy; }
  public void setFlushedBy(java.util.Map<String, Long> flushedBy) { this.flushedBy = flushedBy; }
}
