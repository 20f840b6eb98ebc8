using System.Buffers.Binary;

namespace Berth.Seccomp;

/// <summary>One classic BPF instruction, <c>struct sock_filter</c>: 8 bytes in the host's byte order.</summary>
internal readonly record struct SockFilter(ushort Code, byte JumpTrue, byte JumpFalse, uint K)
{
    public const int Size = 8;

    // Opcodes (linux/filter.h): load word at absolute offset, compare-and-jump on K, return K.
    const ushort LoadWordAbsolute = 0x20, JumpIfEqual = 0x15, JumpIfGreater = 0x25, JumpIfBitsSet = 0x45, ReturnK = 0x06;

    public static SockFilter Load(uint offset) => new(LoadWordAbsolute, 0, 0, offset);
    public static SockFilter JumpEqual(uint value, byte jumpTrue, byte jumpFalse) => new(JumpIfEqual, jumpTrue, jumpFalse, value);
    public static SockFilter JumpGreater(uint value, byte jumpTrue, byte jumpFalse) => new(JumpIfGreater, jumpTrue, jumpFalse, value);
    public static SockFilter JumpBitsSet(uint bits, byte jumpTrue, byte jumpFalse) => new(JumpIfBitsSet, jumpTrue, jumpFalse, bits);
    public static SockFilter Return(uint value) => new(ReturnK, 0, 0, value);

    public static SockFilter Read(ReadOnlySpan<byte> bytes) => BitConverter.IsLittleEndian
        ? new(BinaryPrimitives.ReadUInt16LittleEndian(bytes), bytes[2], bytes[3], BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]))
        : new(BinaryPrimitives.ReadUInt16BigEndian(bytes), bytes[2], bytes[3], BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]));

    public void Write(Span<byte> bytes)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, Code);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], K);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, Code);
            BinaryPrimitives.WriteUInt32BigEndian(bytes[4..], K);
        }
        bytes[2] = JumpTrue;
        bytes[3] = JumpFalse;
    }
}
