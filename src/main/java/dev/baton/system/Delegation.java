package dev.baton.system;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The handler of a JDK proxy that stands for one JDBC object ({@link DeferredAutoCommit}'s borrowed connection,
 * {@link ExactTime}'s statement): what {@link #handle} does not intercept goes on to the target, with the target's
 * own exception. A proxy is equal only to itself, so two borrowings of one pooled connection never compare equal.
 */
abstract class Delegation<T> implements InvocationHandler {

    protected final T target;
    private final String label;

    Delegation(T target, String label) {
        this.target = target;
        this.label = label;
    }

    /** A proxy of {@code type} handled by {@code handler}. */
    static <T> T proxy(Class<T> type, Delegation<? extends T> handler) {
        return type.cast(Proxy.newProxyInstance(Delegation.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        int arity = args == null ? 0 : args.length;
        switch (method.getName()) {
            case "equals":
                if (arity == 1) {
                    return proxy == args[0];
                }
                break;
            case "hashCode":
                if (arity == 0) {
                    return System.identityHashCode(proxy);
                }
                break;
            case "toString":
                if (arity == 0) {
                    return label + "[" + target + "]";
                }
                break;
            default:
                break;
        }
        return handle(method, args);
    }

    /** The call {@code method(args)} made on the proxy; {@link #pass} hands it on unchanged. */
    protected abstract Object handle(Method method, Object[] args) throws Throwable;

    protected final Object pass(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
