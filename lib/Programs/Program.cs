// The course's command-line programs, one command each; ./workbook dispatches to them.
using LlmWorkbook.Programs;

const string Usage = "usage: LlmWorkbook.Programs train-gpt [--profile full|ci] [--out DIR] | train-assistant [--profile full|ci] [--out DIR] | train-retriever [--profile full|ci] [--out DIR] | make-instructions [--out FILE] | fetch-data | check-torch";
if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}
return args[0] switch
{
    "train-gpt" => TrainGptCommand.Run(args[1..]),
    "train-assistant" => TrainAssistantCommand.Run(args[1..]),
    "train-retriever" => await TrainRetrieverCommand.RunAsync(args[1..]),
    "make-instructions" => MakeInstructionsCommand.Run(args[1..]),
    "fetch-data" => await FetchDataCommand.RunAsync(args[1..]),
    "check-torch" => CheckTorchCommand.Run(args[1..]),
    _ => Fail($"unknown command '{args[0]}'"),
};

static int Fail(string message)
{
    Console.Error.WriteLine($"LlmWorkbook.Programs: {message}\n{Usage}");
    return 2;
}
