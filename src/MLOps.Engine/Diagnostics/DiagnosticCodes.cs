namespace MLOps.Engine.Diagnostics;

/// <summary>Every diagnostic code the engine reports. Each one is documented in docs/diagnostics.md (a test checks).</summary>
public static class DiagnosticCodes
{
    // MLOPS1xxx: data and contract
    public const string DataFileNotFound = "MLOPS1001";
    public const string EmptyFile = "MLOPS1002";
    public const string NoDataRows = "MLOPS1003";
    public const string InvalidUtf8 = "MLOPS1004";
    public const string UnterminatedQuote = "MLOPS1005";
    public const string TextAfterClosingQuote = "MLOPS1006";
    public const string WrongFieldCount = "MLOPS1007";
    public const string DuplicateColumn = "MLOPS1008";
    public const string EmptyColumnName = "MLOPS1009";
    public const string NotANumber = "MLOPS1010";
    public const string NonFiniteNumber = "MLOPS1011";
    public const string NotABoolean = "MLOPS1012";
    public const string LabelColumnNotSet = "MLOPS1013";
    public const string LabelColumnNotFound = "MLOPS1014";
    public const string MissingLabel = "MLOPS1015";
    public const string SingleClassLabel = "MLOPS1016";
    public const string WrongClassCount = "MLOPS1017";
    public const string HeaderMismatch = "MLOPS1018";
    public const string UnseenCategory = "MLOPS1019";
    public const string ColumnMissingFromData = "MLOPS1020";
    public const string ExcludedColumnNotFound = "MLOPS1021";
    public const string ColumnIgnoredAsText = "MLOPS1022";
    public const string FileUnreadable = "MLOPS1023";
    public const string LabelNotNumeric = "MLOPS1024";
    public const string ContractNotFound = "MLOPS1025";
    public const string ContractInvalid = "MLOPS1026";
    public const string NotAnInteger = "MLOPS1027";
    public const string NotADateTime = "MLOPS1028";
    public const string TooManyMissing = "MLOPS1029";
    public const string BelowMinimum = "MLOPS1030";
    public const string AboveMaximum = "MLOPS1031";
    public const string ValueNotAllowed = "MLOPS1032";
    public const string PatternMismatch = "MLOPS1033";
    public const string DuplicateValue = "MLOPS1034";
    public const string RequiredColumnMissing = "MLOPS1035";
    public const string RowCountOutOfRange = "MLOPS1036";
    public const string LabelShareOutOfRange = "MLOPS1037";
    public const string DuplicateRows = "MLOPS1038";
    public const string UndeclaredColumn = "MLOPS1039";
    public const string ColumnDrift = "MLOPS1040";
    public const string NewCategoryValue = "MLOPS1041";
    public const string CategoriesCapped = "MLOPS1042";
    public const string ColumnAllMissing = "MLOPS1043";
    public const string PatternTimedOut = "MLOPS1047";

    // MLOPS2xxx: training
    public const string UnknownModelTask = "MLOPS2001";
    public const string UnknownTrainer = "MLOPS2002";
    public const string TrainerNotSupportedForTask = "MLOPS2003";
    public const string UnknownTrainerParameter = "MLOPS2004";
    public const string InvalidTrainerParameter = "MLOPS2005";
    public const string InvalidSeed = "MLOPS2006";
    public const string NotConverged = "MLOPS2007";
    public const string NoFeatures = "MLOPS2008";
    public const string TrainerCommandNotSet = "MLOPS2009";
    public const string ExternalTrainerFailed = "MLOPS2010";
    public const string ExternalModelInvalid = "MLOPS2011";
    public const string PredictionsNeedEvaluationData = "MLOPS2012";
    public const string Canceled = "MLOPS2013";
    public const string ConstantModel = "MLOPS2015";
    public const string InvalidTrainerTimeout = "MLOPS2020";
    public const string ExternalTrainerTimedOut = "MLOPS2021";
    public const string ExternalTrainerCancelled = "MLOPS2022";
    public const string InvalidExportOnnx = "MLOPS2060";
    public const string OnnxNotExportable = "MLOPS2061";
    // MLOPS2070–2099: ML.NET trainers (package MLOps.Build.MLNet)
    public const string MLNetConversionDiffers = "MLOPS2070";
    public const string MLNetNativeLibraryMissing = "MLOPS2071";
    public const string MLNetTrainingFailed = "MLOPS2072";
    public const string MLNetNotConvertible = "MLOPS2073";
    public const string TrainerAssemblyNotLoaded = "MLOPS2074";
    public const string PretrainedModelNotReadable = "MLOPS2075";
    public const string PretrainedModelDoesNotFit = "MLOPS2076";
    public const string PretrainedModelNotConvertible = "MLOPS2077";
    // Raised by MLOps.Build.targets: a model scored through ML.NET needs ModelRuntime=MLNet for its package's dependency.
    public const string MLNetRuntimeNotReferenced = "MLOPS2078";
    public const string MLNetRuntimeNotReferencedAtPack = "MLOPS2079";
    public const string InvalidModelRuntime = "MLOPS2080";

    // MLOPS3xxx: evaluation and gates
    public const string ModelNotFound = "MLOPS3001";
    public const string ModelUnreadable = "MLOPS3002";
    public const string GateFailed = "MLOPS3101";
    public const string GateOverridden = "MLOPS3102";
    public const string UnknownGateMetric = "MLOPS3103";
    public const string InvalidGate = "MLOPS3104";
    public const string NoBaseline = "MLOPS3105";
    public const string BaselineNotFound = "MLOPS3106";
    public const string BaselineIncompatible = "MLOPS3107";
    public const string GateInconclusive = "MLOPS3108";
    public const string MetricUndefined = "MLOPS3109";
    public const string InvalidGateOverride = "MLOPS3111";
    public const string GateOverriddenByNobodyNamed = "MLOPS3112";

    // MLOPS4xxx: packaging and publishing
    public const string PackageUnreadable = "MLOPS4001";
    public const string PackageHasNoLineage = "MLOPS4002";
    public const string PackageFileMismatch = "MLOPS4003";
    public const string InputMismatch = "MLOPS4004";
    public const string GateFailedNotPublished = "MLOPS4005";
    public const string PublishConflict = "MLOPS4006";
    public const string FeedNotFound = "MLOPS4007";
    public const string FeedRequestFailed = "MLOPS4008";
    public const string BaselinePackageNotFound = "MLOPS4009";
    public const string BreakingChangeNeedsMajorVersion = "MLOPS4010";
    public const string PublishSourceNotSet = "MLOPS4011";
    public const string NothingToPack = "MLOPS4012";
    public const string OutputsNotAsRecorded = "MLOPS4013";
    public const string OutputsOutOfDate = "MLOPS4014";
    public const string FeedRedirectRefused = "MLOPS4020";
    public const string FeedTimedOut = "MLOPS4021";
    public const string InvalidFeedTimeout = "MLOPS4022";
    public const string BaselineChangedAfterDownload = "MLOPS4023";
    public const string PackageMetadataMismatch = "MLOPS4024";
    public const string LineageWithoutPackageListing = "MLOPS4025";
    public const string GateFailedNotPacked = "MLOPS4027";
    public const string NoGateResultToPack = "MLOPS4028";
    public const string ModelCacheUnavailable = "MLOPS4035";
    public const string RegistryPackageNotFound = "MLOPS4050";
    public const string NotAModelPackage = "MLOPS4051";
    public const string ScoringInputMismatch = "MLOPS4052";
    public const string OnnxRuntimeNotLoaded = "MLOPS4070";
    public const string OnnxScoresDiffer = "MLOPS4071";
    public const string OnnxRuntimeFailed = "MLOPS4072";
    public const string ProfileUnreadable = "MLOPS4090";
    public const string ProfilesDoNotMerge = "MLOPS4091";

    // MLOPS5xxx: CI and GitHub
    public const string GitHubUnauthorized = "MLOPS5001";
    public const string GitHubForbidden = "MLOPS5002";
    public const string GitHubNotFound = "MLOPS5003";
    public const string GitHubRejected = "MLOPS5004";
    public const string GitHubUnavailable = "MLOPS5005";
    public const string GitHubSettingMissing = "MLOPS5006";
    public const string BuildOutputsNotFound = "MLOPS5007";
    public const string AnnotationsCapped = "MLOPS5008";
    public const string CheckRunFellBackToStatus = "MLOPS5009";
    public const string ProjectNotEvaluated = "MLOPS5010";
    public const string EventFileUnreadable = "MLOPS5011";
    public const string ReportingFailed = "MLOPS5012";
    public const string PullRequestNotNamed = "MLOPS5013";
    public const string PullRequestHeadMismatch = "MLOPS5014";
    public const string NoModelProjects = "MLOPS5015";
    public const string StatusBaselineUnknown = "MLOPS5016";
    public const string ProjectNotBuilt = "MLOPS5025";
    public const string ProjectOutputsNotAsRecorded = "MLOPS5026";
    public const string ProjectBuildStale = "MLOPS5027";
    public const string NotOneModelProject = "MLOPS5028";
    // MLOPS5029–5039: mlops on a model scored through ML.NET (predictor kind mlnet): the tool carries no Microsoft.ML.
    public const string ScoreMLNetModel = "MLOPS5029";
    public const string DiffMLNetModel = "MLOPS5030";
    public const string MonitorMLNetModel = "MLOPS5031";

    // MLOPS61xx: retraining pull requests (mlops github retrain-pr)
    public const string RetrainReportUnreadable = "MLOPS6100";
    public const string RetrainBodyTruncated = "MLOPS6101";
    public const string RetrainBranchInvalid = "MLOPS6102";

    // MLOPS60xx: monitoring a released model (mlops monitor, the MonitorModel target)
    public const string MonitorNoReferenceProfile = "MLOPS6001";
    public const string MonitorProfileUnreadable = "MLOPS6002";
    public const string MonitorProfileMismatch = "MLOPS6003";
    public const string MonitorDataNotFound = "MLOPS6004";
    public const string MonitorInvalidChunk = "MLOPS6005";
    public const string MonitorLabelsUnreadable = "MLOPS6006";
    public const string MonitorLabelsNeedRows = "MLOPS6007";
    public const string MonitorNoLabelsJoined = "MLOPS6008";
    public const string MonitorInvalidSetting = "MLOPS6009";
    public const string MonitorDrift = "MLOPS6010";
    public const string MonitorDegraded = "MLOPS6011";
    public const string MonitorEstimateUnavailable = "MLOPS6012";

    // MLOPS9xxx: failures of MLOps.Build itself (reported by the front ends)
    public const string InternalError = "MLOPS9001";
    public const string FileAccessFailed = "MLOPS9002";
    public const string InvalidCommandLine = "MLOPS9003";
}
