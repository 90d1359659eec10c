using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>How every task turns an engine step's messages and diagnostics into MSBuild log entries.</summary>
internal static class EngineLog
{
    /// <summary>Logs <paramref name="result"/>; diagnostics without a file are about <paramref name="projectFile"/>.</summary>
    public static void Write(TaskLoggingHelper log, StepResult result, string projectFile)
    {
        foreach (var message in result.Messages) log.LogMessage(MessageImportance.High, message);
        foreach (var d in result.Diagnostics)
        {
            var file = d.File ?? projectFile;
            switch (d.Severity)
            {
                case Severity.Error:
                    log.LogError(null, d.Code, null, file, d.Line, d.Column, 0, 0, "{0}", d.Message);
                    break;
                case Severity.Warning:
                    log.LogWarning(null, d.Code, null, file, d.Line, d.Column, 0, 0, "{0}", d.Message);
                    break;
                default:
                    log.LogMessage(null, d.Code, null, file, d.Line, d.Column, 0, 0, MessageImportance.Normal, "{0}", d.Message);
                    break;
            }
        }
    }
}
