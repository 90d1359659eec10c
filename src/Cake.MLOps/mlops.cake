// The MLOps recipe: #load nuget:?package=Cake.MLOps&version=$CakeMLOpsVersion$
// Tasks Models-Validate, Models-Build, Models-Gate, Models-Pack, Models-Publish over every model project under the
// working directory (or --solution's folder): .mlproj files, and project files with TrainingData items.
#addin nuget:?package=Cake.MLOps&version=$CakeMLOpsVersion$
