namespace Unico.Engine.CostModel;
