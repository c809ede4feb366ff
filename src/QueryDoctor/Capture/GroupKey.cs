using QueryDoctor.Sql;

namespace QueryDoctor.Capture;

/// <summary>What a scope groups statements by: their shape and where they came from.</summary>
internal readonly record struct GroupKey(SqlFingerprint Fingerprint, CallSite CallSite);
