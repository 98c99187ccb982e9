using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static ModeHop.Models.SafeTensors.SafeTensorsErrors;

namespace ModeHop.Models.SafeTensors;

/// <summary>
/// An open safetensors file: <c>[u64 little-endian N][N bytes of UTF-8 JSON header][byte buffer]</c>.
/// <see cref="Open"/> reads and validates the whole header (see <see cref="SafeTensorsHeader"/> for the rules);
/// tensors are then read one at a time with positional reads, never by loading the file.
/// Reads are thread-safe. Errors are <see cref="InvalidDataException"/> (bad content, including a file that was
/// truncated after it was opened) and <see cref="FileNotFoundException"/>, each a single line naming the file.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    /// <summary>Largest header the format allows (the Rust crate's <c>MAX_HEADER_SIZE</c>).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>Elements converted per positional read: 1 Mi elements keeps the staging buffer at 2–8 MiB.</summary>
    const int ChunkElements = 1 << 20;

    readonly SafeFileHandle handle;
    bool disposed;

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>N, the JSON header's length in bytes.</summary>
    public long HeaderLength { get; }

    /// <summary>File offset of the byte buffer (8 + N); tensor offsets are relative to it.</summary>
    public long BufferStart => 8 + HeaderLength;

    /// <summary>File length when it was opened.</summary>
    public long FileLength { get; }

    /// <summary>Every tensor of the header, by name.</summary>
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafeTensorsFile(string path, SafeFileHandle handle, long headerLength, long fileLength, SafeTensorsHeader.Parsed header)
    {
        Path = path;
        this.handle = handle;
        HeaderLength = headerLength;
        FileLength = fileLength;
        Tensors = header.Tensors;
        Metadata = header.Metadata;
    }

    /// <summary>Opens <paramref name="path"/> and validates its header; nothing else is read.</summary>
    public static SafeTensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ModeHop reads safetensors files on little-endian machines only.");
        string fullPath = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
            throw MissingFile(fullPath, "is a directory, expected a .safetensors file", "pass the file, or open the checkpoint directory with WeightSource.Open");

        SafeFileHandle handle;
        try
        {
            // Delete sharing lets a writer atomically rename a new file over this one while it is open.
            handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw MissingFile(fullPath, "no such file, expected a .safetensors file", "check the path");
        }

        try
        {
            long fileLength = RandomAccess.GetLength(handle);
            if (fileLength == 0)
                throw Corrupt(fullPath, "the file is empty, expected an 8-byte header length, a JSON header and tensor data");
            if (fileLength < 8)
                throw Corrupt(fullPath, $"the file is only {fileLength} bytes, shorter than the 8-byte header length that starts a safetensors file");

            Span<byte> lengthBytes = stackalloc byte[8];
            ReadExactly(handle, fullPath, 0, lengthBytes, "the header length");
            ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (declared < 2)
                throw Corrupt(fullPath, $"header length {declared} is below 2, the size of the smallest JSON object {{}}");
            if (declared > MaxHeaderLength)
                throw Corrupt(fullPath, $"header length {declared} exceeds the format's limit of {MaxHeaderLength} bytes");
            if (declared > (ulong)(fileLength - 8))
                throw Corrupt(fullPath, $"header length {declared} runs past the end of the {fileLength}-byte file");

            long headerLength = (long)declared;
            var headerBytes = new byte[headerLength];
            ReadExactly(handle, fullPath, 8, headerBytes, "the JSON header");
            var header = SafeTensorsHeader.Parse(fullPath, headerBytes, fileLength - 8 - headerLength);
            return new SafeTensorsFile(fullPath, handle, headerLength, fileLength, header);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The entry of <paramref name="name"/>, or an <see cref="InvalidDataException"/> naming the file when absent.</summary>
    public SafeTensorInfo GetInfo(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Tensors.TryGetValue(name, out var info)) return info;
        throw Corrupt(Path, $"has no tensor named {Quote(name)} (it holds {Tensors.Count} tensors)",
            "check that the checkpoint matches the model configuration");
    }

    /// <summary>Reads an F32, F16 or BF16 tensor as fp32 into a new array of <see cref="SafeTensorInfo.ElementCount"/> values.</summary>
    public float[] ReadFloat32(string name)
    {
        var info = GetInfo(name);
        var result = new float[CheckArrayLength(info)];
        ReadFloat32(info, result);
        return result;
    }

    /// <summary>Reads an F32, F16 or BF16 tensor as fp32; <paramref name="destination"/> must hold exactly its element count.</summary>
    public void ReadFloat32(string name, Span<float> destination)
    {
        var info = GetInfo(name);
        CheckDestination(info, destination.Length);
        ReadFloat32(info, destination);
    }

    /// <summary>Reads an integer or BOOL tensor (BOOL, U8, I8, I16, U16, I32, U32, I64, U64) as int64.</summary>
    public long[] ReadInt64(string name)
    {
        var info = GetInfo(name);
        int size = info.Dtype switch
        {
            SafeTensorDtype.BOOL or SafeTensorDtype.U8 or SafeTensorDtype.I8 => 1,
            SafeTensorDtype.I16 or SafeTensorDtype.U16 => 2,
            SafeTensorDtype.I32 or SafeTensorDtype.U32 => 4,
            SafeTensorDtype.I64 or SafeTensorDtype.U64 => 8,
            _ => throw Corrupt(Path, $"tensor {Quote(name)} has dtype {info.Dtype.Name()}, but ReadInt64 reads integer and BOOL tensors only",
                "read it with ReadFloat32 or check the tensor name"),
        };
        var result = new long[CheckArrayLength(info)];
        byte[] staging = ArrayPool<byte>.Shared.Rent(size * Math.Min(ChunkElements, result.Length));
        try
        {
            for (int start = 0; start < result.Length; start += ChunkElements)
            {
                int count = Math.Min(ChunkElements, result.Length - start);
                var bytes = staging.AsSpan(0, count * size);
                ReadTensorBytes(info, (long)start * size, bytes);
                WidenIntegers(info, bytes, result.AsSpan(start, count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(staging);
        }
        return result;
    }

    void ReadFloat32(SafeTensorInfo info, Span<float> destination)
    {
        switch (info.Dtype)
        {
            case SafeTensorDtype.F32:
                for (int start = 0; start < destination.Length; start += ChunkElements)
                {
                    var part = destination.Slice(start, Math.Min(ChunkElements, destination.Length - start));
                    ReadTensorBytes(info, 4L * start, MemoryMarshal.AsBytes(part));
                }
                break;
            case SafeTensorDtype.F16:
            case SafeTensorDtype.BF16:
                byte[] staging = ArrayPool<byte>.Shared.Rent(2 * Math.Min(ChunkElements, destination.Length));
                try
                {
                    for (int start = 0; start < destination.Length; start += ChunkElements)
                    {
                        var part = destination.Slice(start, Math.Min(ChunkElements, destination.Length - start));
                        var bytes = staging.AsSpan(0, 2 * part.Length);
                        ReadTensorBytes(info, 2L * start, bytes);
                        var bits = MemoryMarshal.Cast<byte, ushort>(bytes);
                        if (info.Dtype == SafeTensorDtype.F16) DtypeConversion.HalfToSingle(bits, part);
                        else DtypeConversion.BFloat16ToSingle(bits, part);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(staging);
                }
                break;
            default:
                throw Corrupt(Path, $"tensor {Quote(info.Name)} has dtype {info.Dtype.Name()}, but ModeHop reads weights stored as F32, F16 or BF16 only",
                    "convert the checkpoint to one of those dtypes");
        }
    }

    void WidenIntegers(SafeTensorInfo info, ReadOnlySpan<byte> bytes, Span<long> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = info.Dtype switch
            {
                SafeTensorDtype.BOOL or SafeTensorDtype.U8 => bytes[i],
                SafeTensorDtype.I8 => (sbyte)bytes[i],
                SafeTensorDtype.I16 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]),
                SafeTensorDtype.U16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]),
                SafeTensorDtype.I32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]),
                SafeTensorDtype.U32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]),
                SafeTensorDtype.I64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]),
                _ => ToInt64(info, BinaryPrimitives.ReadUInt64LittleEndian(bytes[(8 * i)..])),
            };
        }
    }

    long ToInt64(SafeTensorInfo info, ulong value) => value <= long.MaxValue ? (long)value
        : throw Corrupt(Path, $"tensor {Quote(info.Name)} holds the U64 value {value}, which does not fit in an int64", "ModeHop cannot use this tensor");

    int CheckArrayLength(SafeTensorInfo info) => info.ElementCount <= Array.MaxLength ? (int)info.ElementCount
        : throw Corrupt(Path, $"tensor {Quote(info.Name)} has {info.ElementCount} elements, more than one .NET array can hold", "ModeHop cannot load this tensor");

    void CheckDestination(SafeTensorInfo info, int destinationLength)
    {
        if (info.ElementCount != destinationLength)
            throw new ArgumentException($"{Path}: tensor {Quote(info.Name)} with shape {info.ShapeText} has {info.ElementCount} elements but the destination holds {destinationLength}.", "destination");
    }

    /// <summary>Fills <paramref name="destination"/> from the tensor's bytes starting <paramref name="offsetInTensor"/> bytes in.</summary>
    void ReadTensorBytes(SafeTensorInfo info, long offsetInTensor, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ReadExactly(handle, Path, BufferStart + info.DataOffset + offsetInTensor, destination, $"tensor {Quote(info.Name)}");
    }

    /// <summary>Positional read of exactly destination.Length bytes; a short read means the file shrank.</summary>
    static void ReadExactly(SafeFileHandle handle, string path, long fileOffset, Span<byte> destination, string what)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int read = RandomAccess.Read(handle, destination[done..], fileOffset + done);
            if (read == 0)
                throw Corrupt(path, $"reading {what} needs bytes up to offset {fileOffset + destination.Length} but the file now ends at byte {fileOffset + done}",
                    "the file was truncated or overwritten while ModeHop had it open — re-download or re-save it and do not change it during a run");
            done += read;
        }
    }

    public void Dispose()
    {
        disposed = true;
        handle.Dispose();
    }
}
