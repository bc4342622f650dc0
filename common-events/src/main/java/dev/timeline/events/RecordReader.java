package dev.timeline.events;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON object onto a record of the contract, component by component, as strictly as the JSON Schema reads it:
 * a string field takes only a JSON string, an integer only an integral number (205 or 205.0, never "205" or 1.5) of at
 * most 2^53 − 1 in size, an enum only one of its wire words exactly ({@code zalo}, never {@code Zalo} or
 * {@code " zalo"}), a nested record only an object, and {@code null} is never a value. Absent fields are left null for
 * the payload's own rules to judge. What does not fit is named in {@link Violations}, nothing is thrown.
 */
final class RecordReader {
    static final long MAX_INTEGER = (1L << 53) - 1;

    /** A record's components, their positions by JSON name, and its canonical constructor. */
    record Shape(RecordComponent[] components, Map<String, Integer> positions, Constructor<?> constructor) {
        @Nullable
        Integer position(String name) {
            return positions.get(name);
        }

        Class<?> type(int position) {
            return components[position].getType();
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types =
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Map<String, Integer> positions = new HashMap<>();
            for (int i = 0; i < components.length; i++) {
                positions.put(components[i].getName(), i);
            }
            try {
                var constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape(components, Map.copyOf(positions), constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor for " + type, e);
            }
        }
    };

    static Shape shape(Class<?> type) {
        return SHAPES.get(type);
    }

    private RecordReader() {}

    /** The record read from {@code object}, or null when a field could not be read (each one is in {@code v}). */
    static <T> @Nullable T read(JsonNode object, Class<T> type, String path, Violations v) {
        Shape shape = SHAPES.get(type);
        Object[] values = new Object[shape.components().length];
        int before = v.size();
        for (int i = 0; i < values.length; i++) {
            RecordComponent component = shape.components()[i];
            JsonNode node = object.get(component.getName());
            if (node != null) {
                values[i] = value(node, component.getType(), path + "." + component.getName(), v);
            }
        }
        if (v.size() > before) {
            return null;
        }
        try {
            return type.cast(shape.constructor().newInstance(values));
        } catch (InvocationTargetException e) {
            v.add(path, "cannot be read: " + e.getCause().getMessage());
            return null;
        } catch (ReflectiveOperationException e) {
            v.add(path, "cannot be read: " + e.getMessage());
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static @Nullable Object value(JsonNode node, Class<?> type, String path, Violations v) {
        if (type == String.class) {
            if (node.isString()) {
                return node.stringValue();
            }
            return wrong(path, "a string", node, v);
        }
        if (type == Long.class) {
            Long integer = integer(node);
            if (integer == null) {
                return wrong(path, "an integer", node, v);
            }
            return integer;
        }
        if (type.isEnum()) {
            if (!node.isString()) {
                return wrong(path, "a string", node, v);
            }
            Object constant = WireEnums.strict((Class) type, node.stringValue());
            if (constant == null) {
                v.add(
                        path,
                        "'" + abbreviate(node.stringValue()) + "' is not one of " + WireEnums.allowed((Class) type));
            }
            return constant;
        }
        if (type.isRecord()) {
            if (!node.isObject()) {
                return wrong(path, "an object", node, v);
            }
            return read(node, type, path, v);
        }
        throw new IllegalStateException("no JSON reading for " + type + " at " + path);
    }

    /** A JSON integer within ±(2^53 − 1), written with or without a zero fraction; otherwise null. */
    static @Nullable Long integer(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            long value = node.longValue();
            return Math.abs(value) <= MAX_INTEGER ? value : null;
        }
        if (node.isFloatingPointNumber()) {
            double value = node.doubleValue();
            if (value == Math.rint(value) && Math.abs(value) <= MAX_INTEGER) {
                return (long) value;
            }
        }
        return null;
    }

    private static @Nullable Object wrong(String path, String expected, JsonNode node, Violations v) {
        v.add(path, "must be " + expected + ", not " + jsonType(node));
        return null;
    }

    static String jsonType(JsonNode node) {
        if (node.isNull()) {
            return "null";
        } else if (node.isString()) {
            return "a string";
        } else if (node.isNumber()) {
            return "a number";
        } else if (node.isBoolean()) {
            return "a boolean";
        } else if (node.isArray()) {
            return "an array";
        } else if (node.isObject()) {
            return "an object";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
