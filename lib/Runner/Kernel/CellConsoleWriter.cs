using System.Text;

namespace LlmWorkbook.Runner.Kernel;

/// <summary>Console.Out / Console.Error for cells: text is buffered and sent as a stream output at each line end.</summary>
internal sealed class CellConsoleWriter(string streamName, Action<string, string> emit) : TextWriter
{
    private readonly StringBuilder _buffer = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _buffer.Append(value);
            if (value == '\n')
            {
                FlushLocked();
            }
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        lock (_gate)
        {
            _buffer.Append(value);
            if (value.Contains('\n'))
            {
                FlushLocked();
            }
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write((value ?? "") + "\n");

    public override void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_buffer.Length == 0)
        {
            return;
        }
        var text = _buffer.ToString();
        _buffer.Clear();
        emit(streamName, text);
    }
}
