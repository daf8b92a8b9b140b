package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One measurement of a verification check, as a WorkflowExecution keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeasurementStatus {
  @JsonPropertyDescription("The check's name in verification.yaml (or a shipped check).")
  private String check;

  @JsonPropertyDescription("When it was measured (RFC 3339).")
  private String at;

  @JsonPropertyDescription("PASSED, FAILED or MISSING (no usable data).")
  private String result;

  @JsonPropertyDescription("The value that decided, when there was one.")
  private Double value;

  @JsonPropertyDescription("What was compared, or why there was no data.")
  private String detail;

  public MeasurementStatus() {}

  public MeasurementStatus(String check, String at, String result, Double value, String detail) {
    this.check = check;
    this.at = at;
    this.result = result;
    this.value = value;
    this.detail = detail;
  }

  public String getCheck() { return check; }
  public void setCheck(String check) { this.check = check; }
  public String getAt() { return at; }
  public void setAt(String at) { this.at = at; }
  public String getResult() { return result; }
  public void setResult(String result) { this.result = result; }
  public Double getValue() { return value; }
  public void setValue(Double value) { this.value = value; }
  public String getDetail() { return detail; }
  public void setDetail(String detail) { this.detail = detail; }
}
