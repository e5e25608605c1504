package io.credence.plugin.encode;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Turns any application object into a {@link FeatureSource}. */
public final class FeatureLookup {

    private static final Map<Class<?>, Map<String, MethodHandle>> ACCESSORS = new ConcurrentHashMap<>();

    private FeatureLookup() {
    }

    /**
     * A source over {@code application}: itself if it is a {@link FeatureSource}; map entries
     * if it is a {@code Map}; otherwise its record components or public getters, by name.
     */
    public static FeatureSource of(Object application) {
        if (application == null) {
            throw new IllegalArgumentException("application must not be null");
        }
        if (application instanceof FeatureSource source) {
            return source;
        }
        if (application instanceof Map<?, ?> map) {
            return name -> map.containsKey(name) ? map.get(name) : FeatureSource.ABSENT;
        }
        Map<String, MethodHandle> accessors = ACCESSORS.computeIfAbsent(application.getClass(), FeatureLookup::accessors);
        return name -> {
            MethodHandle handle = accessors.get(name);
            if (handle == null) {
                return FeatureSource.ABSENT;
            }
            try {
                return handle.invoke(application);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("reading feature '" + name + "' from " + application.getClass().getName() + " failed", e);
            }
        };
    }

    private static Map<String, MethodHandle> accessors(Class<?> type) {
        Map<String, MethodHandle> result = new HashMap<>();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    result.put(component.getName(), lookup.unreflect(component.getAccessor()));
                }
            }
            for (Method method : type.getMethods()) {
                if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
                        || method.getDeclaringClass() == Object.class) {
                    continue;
                }
                String property = propertyName(method.getName());
                if (property != null) {
                    result.putIfAbsent(property, lookup.unreflect(method));
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(type.getName() + " must be public for its features to be read", e);
        }
        return Map.copyOf(result);
    }

    private static String propertyName(String method) {
        String rest;
        if (method.startsWith("get") && method.length() > 3) {
            rest = method.substring(3);
        } else if (method.startsWith("is") && method.length() > 2) {
            rest = method.substring(2);
        } else {
            return null;
        }
        return rest.substring(0, 1).toLowerCase(Locale.ROOT) + rest.substring(1);
    }
}
