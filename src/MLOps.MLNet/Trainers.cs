using MLOps.Engine.Trainers;
using MLOps.MLNet.FastForest;
using MLOps.MLNet.FastTree;
using MLOps.MLNet.Lbfgs;
using MLOps.MLNet.LightGbm;
using MLOps.MLNet.Sdca;

// The trainers this assembly brings; TrainerRegistry.RegisterFrom reads them when PrepareModelPipeline loads it.
[assembly: Trainer(typeof(LightGbmTrainer))]
[assembly: Trainer(typeof(FastTreeTrainer))]
[assembly: Trainer(typeof(FastForestTrainer))]
[assembly: Trainer(typeof(SdcaTrainer))]
[assembly: Trainer(typeof(LbfgsLogisticRegressionTrainer))]
[assembly: Trainer(typeof(LbfgsMaximumEntropyTrainer))]
[assembly: PretrainedModelReader(typeof(MLOps.MLNet.Pretrained.ZipModelReader))]
