namespace Scoring.Model.Qualification;

public enum QualificationDirection { Entered, Exited }

/// <summary>The lead crossed a qualification boundary. <see cref="Via"/> is <c>scores</c> or <c>hand-raiser</c>.</summary>
public sealed record QualificationChange(QualificationDirection Direction, string Via, string Reason);
