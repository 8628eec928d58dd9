using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Execution;

/// <summary>
/// Every output of every cell in one run, and the display ids through which a later cell may replace an output in
/// place. Consecutive writes to the same console stream become one output, as VS Code saves them, held as
/// <see cref="CappedText"/> (linear to append, bounded in memory). What it hands out is a copy, with secrets redacted
/// from the joined text (a key written in two pieces is still found), that later outputs and updates never change.
/// </summary>
internal sealed class NotebookOutputs(SecretRedactor redactor)
{
    private readonly Dictionary<int, List<Slot>> _cells = [];
    private readonly Dictionary<string, Slot> _displays = [];

    /// <summary>Adds an output to the cell at <paramref name="cell"/> (its index in the file).</summary>
    public void Add(int cell, CellOutput output)
    {
        if (!_cells.TryGetValue(cell, out var slots))
        {
            _cells[cell] = slots = [];
        }
        if (output is StreamOutput stream)
        {
            if (slots.Count == 0 || slots[^1].StreamName != stream.StreamName)
            {
                slots.Add(new Slot { StreamName = stream.StreamName, Text = new CappedText() });
            }
            slots[^1].Text!.Append(stream.Text);
            return;
        }
        var slot = new Slot { Output = output };
        slots.Add(slot);
        if (output is DisplayOutput { DisplayId: { } displayId })
        {
            _displays[displayId] = slot;
        }
    }

    /// <summary>Replaces the data of the display with <paramref name="displayId"/>, in whichever cell it is; an unknown id is ignored.</summary>
    public void Update(string displayId, IReadOnlyDictionary<string, string> data)
    {
        if (_displays.TryGetValue(displayId, out var slot))
        {
            slot.Output = new DisplayOutput(data, displayId);
        }
    }

    /// <summary>The outputs of the cell at <paramref name="cell"/> as they are now, redacted.</summary>
    public IReadOnlyList<CellOutput> Of(int cell) =>
        _cells.TryGetValue(cell, out var slots) ? Array.AsReadOnly(slots.Select(Redacted).ToArray()) : [];

    private CellOutput Redacted(Slot slot) => slot.Output switch
    {
        null => new StreamOutput(slot.StreamName!, redactor.Redact(slot.Text!.ToString())),
        DisplayOutput display => display with { Data = display.Data.ToDictionary(kv => kv.Key, kv => redactor.Redact(kv.Value)).AsReadOnly() },
        ErrorOutput error => new ErrorOutput(redactor.Redact(error.Text)),
        var other => other,
    };

    /// <summary>An output, or the text of a console stream still being written.</summary>
    private sealed class Slot
    {
        public CellOutput? Output { get; set; }

        public string? StreamName { get; init; }

        public CappedText? Text { get; init; }
    }
}
